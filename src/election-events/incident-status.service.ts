import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/request-context';
import { DatabaseWriter } from '../database/database-writer.service';
import { WriteSet } from '../database/write-set';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { ElectionEventView } from './dto/election-event.dto';
import { ChangeIncidentStatusDto } from './dto/incident-status.dto';
import { IncidentStatus } from './election-event.enums';
import { EventViewsService } from './event-views.service';
import { EventsStore } from './events.store';
import { canMoveIncident, INCIDENT_TRANSITIONS } from './incident-workflow';

@Injectable()
export class IncidentStatusService {
  constructor(
    private readonly store: EventsStore,
    private readonly views: EventViewsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
  ) {}

  /**
   * One move of an incident's verification (reported -> verified | dismissed | escalated,
   * escalated -> verified | dismissed), recorded with who made it and when. Verified and
   * dismissed are final. A move the current status does not allow is 409: someone else has
   * probably moved the incident since it was read.
   */
  changeStatus(
    caller: Caller,
    missionId: number,
    eventId: number,
    dto: ChangeIncidentStatusDto,
  ): Promise<ElectionEventView> {
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      if (event.type !== 'incident') {
        throw new BadRequestException(`Event ${eventId} is a ${event.type}; only incidents have a verification status`);
      }
      assertVersion(event, dto.version, `Incident ${eventId}`);
      const from = event.status as IncidentStatus;
      if (!canMoveIncident(from, dto.status)) {
        const allowed = INCIDENT_TRANSITIONS[from];
        throw new ConflictException(
          `Incident ${eventId} is ${from}; ` +
            (allowed.length ? `it can move to ${allowed.join(' or ')}, not to ${dto.status}` : 'that is final'),
        );
      }
      const [before] = await this.views.views([event], em);
      const change = { status: dto.status, statusChangedAt: new Date(), statusChangedByUserId: caller.actor.userId };
      if (!(await this.store.updateIfVersion(em, eventId, event.version, change))) {
        throw new ConflictException(`Incident ${eventId} was changed by someone else; reload it and try again`);
      }
      const stored = await this.views.find(caller, missionId, eventId, em);
      const writes = WriteSet.standalone(em);
      this.store.recordStatusChange(writes, stored, from, dto.note ?? null);
      await writes.flush();
      const [after] = await this.views.views([stored], em);
      await this.audit.record(em, {
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
