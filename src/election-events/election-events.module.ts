import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChecklistsModule } from '../checklists/checklists.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { MissionsModule } from '../missions/missions.module';
import { ElectionEventsController } from './election-events.controller';
import { AnswersStore } from './answers.store';
import { EventCreateService } from './event-create.service';
import { EventChecks } from './event-checks';
import { EventReviewService } from './event-review.service';
import { EventUpdateService } from './event-update.service';
import { EventViewsService } from './event-views.service';
import { EventsStore } from './events.store';
import { EventsImportService } from './events-import.service';
import { TemplateSnapshots } from './template-snapshots';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';
import { ReportFlag } from './entities/report-flag.entity';
import { ReportFlagsService } from './report-flags.service';
import { ReportFlagsStore } from './report-flags.store';
import { QualityChecksModule } from '../quality-checks/quality-checks.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([ElectionEvent, EventAnswer, IncidentStatusChange, ReportFlag]),
    QualityChecksModule,
    MissionsModule,
    ChecklistsModule,
    DeploymentsModule,
  ],
  controllers: [ElectionEventsController],
  providers: [
    EventsStore,
    AnswersStore,
    EventChecks,
    EventViewsService,
    EventCreateService,
    EventUpdateService,
    EventReviewService,
    TemplateSnapshots,
    EventsImportService,
    ReportFlagsStore,
    ReportFlagsService,
  ],
  exports: [EventsImportService, EventViewsService, EventsStore, ReportFlagsService, ReportFlagsStore],
})
export class ElectionEventsModule {}
