import { applyDecorators } from '@nestjs/common';
import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CreateElectionEventDto } from '../election-events/dto/election-event.dto';
import { CreateMissionDto } from '../missions/dto/mission.dto';
import { CreateObserverDto } from '../observers/dto/observer.dto';
import { CreatePollingStationDto } from '../polling-stations/dto/polling-station.dto';
import { CreateTeamDto } from '../teams/dto/team.dto';

/**
 * The shape of data/sample-mission.json. Each record says what in it is invented: `true` for the
 * whole record, or a list of the invented fields; documented facts carry nothing (or false, []).
 */
const IsIllustrative = () =>
  ValidateBy({
    name: 'isIllustrative',
    validator: {
      validate: (value: unknown) =>
        value === undefined ||
        typeof value === 'boolean' ||
        (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)),
      defaultMessage: () => 'illustrative must be true, false or a list of field names',
    },
  });

export type Illustrative = boolean | string[];

export class SampleMission extends CreateMissionDto {
  @IsIllustrative()
  illustrative?: Illustrative;
}

/** A team as the API takes it; its members name it by its code (SampleObserver.team). */
export class SampleTeam extends OmitType(CreateTeamDto, ['memberIds'] as const) {
  @IsIllustrative()
  illustrative?: Illustrative;
}

/** An observer as the API takes it, without personal data, its team named by this file's code. */
export class SampleObserver extends OmitType(CreateObserverDto, [
  'teamId',
  'accreditedAt',
  'email',
  'phone',
  'documentNumber',
  'dateOfBirth',
] as const) {
  /** How events of this file refer to the observer. */
  @IsString()
  @IsNotEmpty()
  key: string;

  /** A team code of this file. */
  @IsOptional()
  @IsString()
  team: string | null;

  @IsIllustrative()
  illustrative?: Illustrative;
}

export class SampleConstituency {
  @IsString()
  @IsNotEmpty()
  code: string;

  @IsOptional()
  @IsString()
  name: string | null;

  @IsIllustrative()
  illustrative?: Illustrative;
}

/** A station as the API takes it. */
export class SampleStation extends CreatePollingStationDto {
  @IsIllustrative()
  illustrative?: Illustrative;
}

export class SampleStationRef {
  @IsString()
  @IsNotEmpty()
  constituencyCode: string;

  @IsString()
  @IsNotEmpty()
  code: string;
}

/** An event as the API takes it, with observers and station named by this file's own keys. */
export class SampleEvent extends OmitType(CreateElectionEventDto, ['observerIds', 'pollingStationId'] as const) {
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  observers: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => SampleStationRef)
  station?: SampleStationRef;

  @IsIllustrative()
  illustrative?: Illustrative;
}

/** A list of `type` records: each made a `type` by plainToInstance, then checked by its decorators. */
function ListOf(type: new () => object) {
  const eachAsType = Type(() => type);
  return applyDecorators(IsArray(), ValidateNested({ each: true }), eachAsType);
}

export class SampleMissionFile {
  @IsArray()
  @IsString({ each: true })
  notes: string[];

  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  sources: string[];

  /** Figures about the whole election, for people reading the file; not loaded. */
  @IsObject()
  context: Record<string, unknown>;

  @ValidateNested()
  @Type(() => SampleMission)
  mission: SampleMission;

  @ListOf(SampleTeam)
  teams: SampleTeam[];

  @ListOf(SampleObserver)
  observers: SampleObserver[];

  @ListOf(SampleConstituency)
  constituencies: SampleConstituency[];

  @ListOf(SampleStation)
  pollingStations: SampleStation[];

  @ListOf(SampleEvent)
  events: SampleEvent[];
}
