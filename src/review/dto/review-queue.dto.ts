import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { STAGES, Stage } from '../../common/stages';
import { OptionalIn } from '../../election-events/dto/election-event.dto';
import { ElectionEventView } from '../../election-events/dto/election-event.dto';
import { REVIEW_STATES, ReviewState } from '../../election-events/entities/election-event.enums';

export class ReviewQueueQueryDto extends PaginationQueryDto {
  @QueryId({ description: 'Reports this quality check flags' })
  checkId?: number;

  @ApiPropertyOptional({ description: 'Reports at stations of this region' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;

  @QueryId({ description: "Reports naming this team's observers" })
  teamId?: number;

  @OptionalIn(STAGES)
  stage?: Stage;

  @OptionalIn(REVIEW_STATES, 'Reports in this state instead of those waiting (unreviewed or flagged)')
  reviewState?: ReviewState;
}

/** A report in the queue, with its station and the reports of its station and stage that disagree with it. */
export interface ReviewQueueItem {
  event: ElectionEventView;
  station: { id: number; code: string; name: string; region: string | null } | null;
  conflicts: number[];
}
