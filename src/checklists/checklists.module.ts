import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MissionsModule } from '../missions/missions.module';
import { ChecklistDefaultsSubscriber } from './checklist-defaults.subscriber';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';
import { ChecklistsStore } from './checklists.store';
import { ChecklistTemplate } from './entities/checklist-template.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ChecklistTemplate]), MissionsModule],
  controllers: [ChecklistsController],
  providers: [ChecklistsService, ChecklistsStore, ChecklistDefaultsSubscriber],
  exports: [ChecklistsService],
})
export class ChecklistsModule {}
