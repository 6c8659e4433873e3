import { Module } from '@nestjs/common';
import { SnapshotReader } from '../database';
import { SummaryController } from './summary.controller';
import { SummaryService } from './summary.service';
import { SummaryStore } from './summary.store';

@Module({
  controllers: [SummaryController],
  providers: [SnapshotReader, SummaryStore, SummaryService],
  exports: [SummaryService],
})
export class SummariesModule {}
