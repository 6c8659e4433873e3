import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { StageScheduleDto } from './stage-schedule.dto';
import { PaginationQueryDto } from '../../common/pagination';
import { IsCalendarDate, IsCountryCode, Trim } from '../../common/validators';
import {
  ELECTION_TYPES,
  ElectionType,
  MISSION_KINDS,
  MISSION_STATUSES,
  MissionKind,
  MissionStatus,
} from '../entities/mission.enums';

export class CreateMissionDto {
  @ApiProperty({ example: 'TURKPA Election Observation Mission to Azerbaijan' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'TURKPA' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organization: string;

  @ApiProperty({ enum: MISSION_KINDS, example: 'parliamentary_delegation' })
  @IsIn(MISSION_KINDS)
  kind: MissionKind;

  @ApiProperty({ example: 'AZ', description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  hostCountry: string;

  @ApiProperty({ example: 'Extraordinary presidential election' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  electionName: string;

  @ApiProperty({ enum: ELECTION_TYPES, example: 'presidential' })
  @IsIn(ELECTION_TYPES)
  electionType: ElectionType;

  @ApiProperty({ example: '2024-02-07' })
  @IsCalendarDate()
  electionDate: string;

  @ApiProperty({ example: '2024-02-04' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2024-02-09' })
  @IsCalendarDate()
  endDate: string;

  @ApiProperty({ example: 'Asia/Baku', description: 'IANA time zone' })
  @IsString()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Asia/Baku' })
  timezone: string;

  @ApiPropertyOptional({ enum: MISSION_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(MISSION_STATUSES)
  status?: MissionStatus;

  @ApiPropertyOptional({
    type: StageScheduleDto,
    description:
      "Each election-day stage's local hours on the mission's clocks (quality checks compare visits with them); defaults to opening 07:00-08:00, voting 08:00-20:00, closing 20:00-21:00, counting 20:00-02:00",
  })
  @IsOptional()
  @IsObject({ message: 'stageSchedule must be an object with opening, voting, closing and counting hours' })
  @ValidateNested()
  @Type(() => StageScheduleDto)
  stageSchedule?: StageScheduleDto;
}

export class UpdateMissionDto extends PartialType(CreateMissionDto) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class MissionQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: MISSION_STATUSES })
  @IsOptional()
  @IsIn(MISSION_STATUSES)
  status?: MissionStatus;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsCountryCode()
  hostCountry?: string;

  @ApiPropertyOptional({ description: 'Text search over name, organization and election' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
