import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/request-context';
import { badRequestFromFieldErrors } from '../common/validation';
import { assertVersion } from '../common/versions';
import { DatabaseWriter } from '../database';
import { MissionsService } from '../missions/missions.service';
import { AnswersStore } from './answers.store';
import { ElectionEventView, ReviewReportDto } from './dto/election-event.dto';
import { REPORT_TYPES } from './entities/election-event.enums';
import { EventViewsService } from './event-views.service';
import { EventsStore } from './events.store';
import { ReportFlagsService } from './report-flags.service';

/**
 * A coordinator's decision on a report: accepted, flagged for a follow-up, rejected (the summaries
 * leave it out), or back to unreviewed (a rejected report restored). Any state may follow any
 * other; each decision is audited with the report as it was and as it is.
 */
@Injectable()
export class EventReviewService {
  constructor(
    private readonly store: EventsStore,
    private readonly answers: AnswersStore,
    private readonly views: EventViewsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
    private readonly flags: ReportFlagsService,
  ) {}

  review(caller: Caller, missionId: number, eventId: number, dto: ReviewReportDto): Promise<ElectionEventView> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      if (!(REPORT_TYPES as readonly string[]).includes(event.type)) {
        throw new BadRequestException(
          `Event ${eventId} is a ${event.type}; only reports (station visits and incidents) are reviewed`,
        );
      }
      assertVersion(event, dto.version, `Event ${eventId}`);
      if ((dto.state === 'flagged' || dto.state === 'rejected') && !dto.note) {
        throw badRequestFromFieldErrors([
          { field: 'note', message: 'note: a report is flagged or rejected with a note saying why' },
        ]);
      }
      const [before] = await this.views.views([event], em);
      const change = {
        reviewState: dto.state,
        reviewNote: dto.note ?? null,
        reviewedByUserId: caller.actor.userId,
        reviewedAt: new Date(),
      };
      if (!(await this.store.updateIfVersion(em, eventId, event.version, change))) {
        throw new ConflictException(`Event ${eventId} was changed by someone else; reload it and try again`);
      }
      await this.answers.setReviewState(em, eventId, dto.state);
      // A rejected visit no longer counts against its station's others (nor a restored one for).
      if (event.type === 'station_visit' && event.pollingStationId !== null) {
        await this.flags.refresh(writes, missionId, [event.pollingStationId]);
        await writes.flush();
      }
      const [after] = await this.views.views([await this.views.find(caller, missionId, eventId, em)], em);
      this.audit.record(writes, {
        caller,
        action: 'update',
        entityType: 'event',
        entityId: eventId,
        missionId,
        before,
        after,
      });
      return after;
    });
  }
}
