import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChecklistsModule } from '../checklists/checklists.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { MissionsModule } from '../missions/missions.module';
import { ElectionEventsController } from './election-events.controller';
import { ElectionEventsService } from './election-events.service';
import { EventsImportService } from './events-import.service';
import { StationVisits } from './station-visit';
import { TemplateSnapshots } from './template-snapshots';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ElectionEvent, EventAnswer, IncidentStatusChange]),
    MissionsModule,
    ChecklistsModule,
    DeploymentsModule,
  ],
  controllers: [ElectionEventsController],
  providers: [ElectionEventsService, StationVisits, TemplateSnapshots, EventsImportService],
  exports: [ElectionEventsService, EventsImportService],
})
export class ElectionEventsModule {}
