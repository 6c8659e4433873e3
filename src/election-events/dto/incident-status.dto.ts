import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { Trim } from '../../common/validators';
import { INCIDENT_STATUSES, IncidentStatus } from '../entities/election-event.enums';

/** Body of POST /missions/:missionId/events/:eventId/status: one move of an incident's verification. */
export class ChangeIncidentStatusDto {
  @ApiProperty({ enum: INCIDENT_STATUSES, example: 'verified' })
  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  @ApiPropertyOptional({ example: 'Confirmed by the LTO team and the PEC chair.' })
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

/** One move in an incident's statusHistory. */
export interface IncidentStatusChangeView {
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus;
  changedByUserId: number | null;
  changedAt: Date;
  note: string | null;
}
