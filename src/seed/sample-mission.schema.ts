import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsCountryCode } from '../common/validators';
import { CreateElectionEventDto } from '../election-events/dto/election-event.dto';
import { CreateMissionDto } from '../missions/dto/mission.dto';
import {
  ACCREDITATION_STATUSES,
  AccreditationStatus,
  GENDERS,
  Gender,
  OBSERVER_ROLES,
  ObserverRole,
} from '../observers/observer.enums';
import { STATION_TYPES, StationType } from '../polling-stations/polling-station.enums';

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

export class SampleTeam {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  area: string | null;

  @IsIllustrative()
  illustrative?: Illustrative;
}

export class SampleObserver {
  /** How events and teams of this file refer to the observer. */
  @IsString()
  @IsNotEmpty()
  key: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @IsIn(OBSERVER_ROLES)
  role: ObserverRole;

  @IsCountryCode()
  nationality: string;

  @IsIn(GENDERS)
  gender: Gender;

  @IsArray()
  @IsString({ each: true })
  languages: string[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  secondingOrganization: string | null;

  /** A team code of this file. */
  @IsOptional()
  @IsString()
  team: string | null;

  @IsIn(ACCREDITATION_STATUSES)
  accreditationStatus: AccreditationStatus;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  accreditationNumber: string | null;

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

export class SampleStation {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  constituencyCode: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  address: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  region: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  district: string | null;

  @IsOptional()
  @IsLatitude()
  latitude: number | null;

  @IsOptional()
  @IsLongitude()
  longitude: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  registeredVoters: number | null;

  @IsIn(STATION_TYPES)
  type: StationType;

  @IsArray()
  @IsString({ each: true })
  tags: string[];

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

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SampleTeam)
  teams: SampleTeam[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SampleObserver)
  observers: SampleObserver[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SampleConstituency)
  constituencies: SampleConstituency[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SampleStation)
  pollingStations: SampleStation[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SampleEvent)
  events: SampleEvent[];
}
