import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId, MAX_INT, QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { IncidentStatusChangeView } from './incident-status.dto';
import { IsInstant, IsInstantOrDate, Trim } from '../../common/validators';
import {
  EVENT_TYPES,
  EventType,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  IncidentCategory,
  IncidentStatus,
  OVERALL_ASSESSMENTS,
  OverallAssessment,
  REVIEW_STATES,
  ReviewState,
  SEVERITIES,
  STAGES,
  Severity,
  Stage,
} from '../entities/election-event.enums';

export type AnswerValue = string | number | boolean | null;

/** Optional, one of `values`. Listed as the decorators it replaces would be applied, bottom first. */
export const OptionalIn = (values: readonly string[], description?: string) =>
  applyDecorators(IsIn(values), IsOptional(), ApiPropertyOptional({ enum: values, description }));

/** Trimmed, non-empty text of at most 300 characters. */
const ShortText = () => applyDecorators(MaxLength(300), IsNotEmpty(), IsString(), Trim());

/**
 * One body for every event type. Fields that only some types use are optional here; which of them
 * a type requires or refuses is decided per type in event-type-rules.ts, so a new type is a new
 * rule there rather than a new DTO.
 */
export class CreateElectionEventDto {
  @ApiProperty({ enum: EVENT_TYPES, example: 'meeting' })
  @IsIn(EVENT_TYPES)
  type: EventType;

  @ApiProperty({ example: '2024-02-06T11:00:00+04:00', description: 'ISO 8601 with offset; returned in UTC' })
  @IsInstant()
  occurredAt: string;

  @ApiProperty({ example: 'Meeting with the Minister of Foreign Affairs' })
  @ShortText()
  title: string;

  @ApiPropertyOptional({ example: 'The head of mission presented the mission and its methodology.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({
    type: [Number],
    example: [1],
    description:
      'Reporting observers of the same mission. An observer user lists itself (left out, it is filled with ' +
      'itself) and may add only members of its team (403 for anyone else, 400 without itself)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsId({ each: true })
  observerIds?: number[];

  @ApiPropertyOptional({ example: 12, description: 'A polling station of the same mission' })
  @IsOptional()
  @IsId()
  pollingStationId?: number | null;

  @ApiPropertyOptional({ example: 'Jeyhun Bayramov', description: 'Contact events' })
  @IsOptional()
  @ShortText()
  counterpart?: string | null;

  @ApiPropertyOptional({
    example: 'Ministry of Foreign Affairs of the Republic of Azerbaijan',
    description: 'Contact events',
  })
  @IsOptional()
  @ShortText()
  counterpartOrganization?: string | null;

  @ApiPropertyOptional({ example: 'Baku', description: 'Contact events' })
  @IsOptional()
  @ShortText()
  location?: string | null;

  @OptionalIn(STAGES, 'Station visits')
  stage?: Stage | null;

  @OptionalIn(OVERALL_ASSESSMENTS, 'Station visits')
  overallAssessment?: OverallAssessment | null;

  @ApiPropertyOptional({ example: 412, description: 'Station visits: voters who had voted so far' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  votersVoted?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: 'Station visits: checklist answers by question code',
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, AnswerValue>;

  @OptionalIn(INCIDENT_CATEGORIES, 'Incidents')
  category?: IncidentCategory | null;

  @OptionalIn(SEVERITIES, 'Incidents')
  severity?: Severity | null;

  @OptionalIn(INCIDENT_STATUSES, 'Incidents; new ones start as reported')
  status?: IncidentStatus | null;
}

export class UpdateElectionEventDto extends PartialType(CreateElectionEventDto) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ElectionEventQueryDto extends PaginationQueryDto {
  @OptionalIn(EVENT_TYPES)
  type?: EventType;

  @OptionalIn(REVIEW_STATES, 'Reports in this review state')
  reviewState?: ReviewState;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description: "Events at or after this instant, or from the start of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description: "Events at or before this instant, or to the end of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;

  @OptionalIn(STAGES)
  stage?: Stage;

  @QueryId()
  pollingStationId?: number;

  @ApiPropertyOptional({ description: 'Region of the event’s polling station' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;

  @QueryId({ description: 'Events this observer reported' })
  observerId?: number;

  @QueryId({ description: 'Events reported by a member of this team' })
  teamId?: number;

  @OptionalIn(OVERALL_ASSESSMENTS)
  overallAssessment?: OverallAssessment;

  @OptionalIn(INCIDENT_CATEGORIES)
  category?: IncidentCategory;

  @OptionalIn(SEVERITIES)
  severity?: Severity;

  @OptionalIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

/** An event as the API returns it: flat, every field present (null where a type does not use it). */
export interface ElectionEventView {
  id: number;
  missionId: number;
  type: EventType;
  occurredAt: Date;
  title: string;
  description: string | null;
  observerIds: number[];
  pollingStationId: number | null;
  counterpart: string | null;
  counterpartOrganization: string | null;
  location: string | null;
  stage: Stage | null;
  overallAssessment: OverallAssessment | null;
  votersVoted: number | null;
  answers: Record<string, AnswerValue>;
  category: IncidentCategory | null;
  severity: Severity | null;
  status: IncidentStatus | null;
  /** Incidents only: every move of the verification, oldest first. */
  statusHistory?: IncidentStatusChangeView[];
  /** What review made of the report (README, "Review of reports"), and the coordinator's note. */
  reviewState: ReviewState;
  /** The quality checks the report fails now, errors first. */
  flags: ReportFlagView[];
  reviewNote: string | null;
  reviewedByUserId: number | null;
  reviewedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A quality check a report fails. */
export interface ReportFlagView {
  checkId: number;
  name: string;
  severity: string;
}

/** Body of POST /missions/:missionId/events/:eventId/review: a coordinator's decision on a report. */
export class ReviewReportDto {
  @ApiProperty({ enum: REVIEW_STATES, example: 'rejected' })
  @IsIn(REVIEW_STATES)
  state: ReviewState;

  @ApiPropertyOptional({
    example: 'Voters above the registered voters; the team confirmed a typing mistake.',
    description: 'Required to flag or reject a report; shown to the observer who made it',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
