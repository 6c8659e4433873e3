import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MissionsModule } from '../missions/missions.module';
import { ElectionEventsController } from './election-events.controller';
import { ElectionEventsService } from './election-events.service';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ElectionEvent, EventAnswer, IncidentStatusChange]), MissionsModule],
  controllers: [ElectionEventsController],
  providers: [ElectionEventsService],
  exports: [ElectionEventsService],
})
export class ElectionEventsModule {}
