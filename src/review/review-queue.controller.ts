import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Caller, CurrentCaller } from '../common/request-context';
import { ReviewQueueQueryDto } from './dto/review-queue.dto';
import { ReviewService } from './review.service';

@ApiTags('review')
@Controller('missions/:missionId/review-queue')
export class ReviewQueueController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  @Can('checks.read')
  @ApiOperation({
    summary:
      'Reports waiting for a decision (unreviewed or flagged), flagged ones and those failing an error check first, each with its station and the reports of its station and stage that disagree with it',
  })
  queue(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: ReviewQueueQueryDto,
  ) {
    return this.review.queue(caller, missionId, query);
  }
}
