import { Module } from '@nestjs/common';
import { ElectionEventsModule } from '../election-events/election-events.module';
import { MissionsModule } from '../missions/missions.module';
import { QualityChecksModule } from '../quality-checks/quality-checks.module';
import { QualityChecksController } from './quality-checks.controller';
import { ReviewQueueController } from './review-queue.controller';
import { ReviewService } from './review.service';

/** Review before release: quality checks, their flags and re-checks, and the review queue. */
@Module({
  imports: [MissionsModule, QualityChecksModule, ElectionEventsModule],
  controllers: [QualityChecksController, ReviewQueueController],
  providers: [ReviewService],
})
export class ReviewModule {}
