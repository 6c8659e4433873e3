import { Module } from '@nestjs/common';
import { SummaryController } from './summary.controller';
import { SummaryReader } from './summary-reader';
import { SummaryService } from './summary.service';

@Module({
  controllers: [SummaryController],
  providers: [SummaryReader, SummaryService],
  exports: [SummaryService],
})
export class SummariesModule {}
