import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChecklistsModule } from '../checklists/checklists.module';
import { MissionsModule } from '../missions/missions.module';
import { QualityCheck } from './entities/quality-check.entity';
import { QualityCheckDefaultsSubscriber } from './quality-check-defaults.subscriber';
import { QualityChecksService } from './quality-checks.service';
import { QualityChecksStore } from './quality-checks.store';

@Module({
  imports: [TypeOrmModule.forFeature([QualityCheck]), MissionsModule, ChecklistsModule],
  providers: [QualityChecksService, QualityChecksStore, QualityCheckDefaultsSubscriber],
  exports: [QualityChecksService, QualityChecksStore],
})
export class QualityChecksModule {}
