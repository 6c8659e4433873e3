import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ownRecordsScope } from '../access/actor';
import { Caller } from '../common/request-context';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter, WriteSet } from '../database';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { AnswersStore } from './answers.store';
import { ElectionEventView, UpdateElectionEventDto } from './dto/election-event.dto';
import { ChangeIncidentStatusDto } from './dto/incident-status.dto';
import { IncidentStatus, Stage } from './entities/election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { assertVotersFit, EventChecks } from './event-checks';
import {
  checkEventType,
  checkTypeChange,
  EventState,
  TYPE_SPECIFIC_FIELDS,
  TypeSpecificField,
} from './event-type-rules';
import { EventViewsService } from './event-views.service';
import { EventsStore } from './events.store';
import { ReportFlagsService } from './report-flags.service';
import { INCIDENT_TRANSITIONS } from './incident-workflow';

/** Stored columns a PATCH may change (observerIds and answers live in tables of their own). */
const COLUMN_FIELDS = [
  ...(['type', 'occurredAt', 'title', 'description', 'pollingStationId'] as const),
  ...TYPE_SPECIFIC_FIELDS.filter((f): f is Exclude<TypeSpecificField, 'answers'> => f !== 'answers'),
];
type ColumnField = (typeof COLUMN_FIELDS)[number];

/** Fields that may be left out of a PATCH but never emptied. */
const NOT_NULL_FIELDS = ['type', 'occurredAt', 'title', 'observerIds'] as const;

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** The stations whose visits' flags a change to `events` may move. */
const stationsOf = (...events: ElectionEvent[]): number[] =>
  events.filter((e) => e.type === 'station_visit' && e.pollingStationId !== null).map((e) => e.pollingStationId!);

/** Changes to a stored event (PATCH, an incident's status, DELETE): one transaction each, audited before and after. */
@Injectable()
export class EventUpdateService {
  constructor(
    private readonly store: EventsStore,
    private readonly answers: AnswersStore,
    private readonly views: EventViewsService,
    private readonly checks: EventChecks,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
    private readonly flags: ReportFlagsService,
  ) {}

  update(caller: Caller, missionId: number, eventId: number, dto: UpdateElectionEventDto): Promise<ElectionEventView> {
    const { version, observerIds, answers, ...changes } = dto;
    const nulls = NOT_NULL_FIELDS.filter((f) => dto[f] === null);
    if (nulls.length) {
      throw badRequestFromFieldErrors(nulls.map((field) => ({ field, message: `${field} cannot be emptied` })));
    }
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      assertVersion(event, version, `Event ${eventId}`);
      if (event.reviewState === 'accepted' && ownRecordsScope(caller)) {
        throw new ConflictException(`Event ${eventId} was accepted by review; ask a coordinator to change it`);
      }
      const [before] = await this.views.views([event], em);

      const errors: FieldError[] = changes.type ? checkTypeChange(event.type, changes.type) : [];
      const next: Partial<Record<ColumnField, unknown>> = {};
      for (const field of COLUMN_FIELDS) {
        if (changes[field] === undefined) continue;
        const value = field === 'occurredAt' ? new Date(changes.occurredAt!) : changes[field];
        if (!sameValue(value, event[field])) next[field] = value;
      }
      if (next.status !== undefined) {
        errors.push({
          field: 'status',
          message:
            'status: an incident is moved by coordinators with POST .../events/:eventId/status, which keeps its trail',
        });
      }
      const state = { ...before, ...next, answers: answers ?? before.answers } as EventState;
      if (!errors.length) errors.push(...checkEventType(state));
      if (errors.length) throw badRequestFromFieldErrors(errors);
      await this.checks.checkReferences(
        caller,
        em,
        missionId,
        { observerIds, listed: before.observerIds },
        next.pollingStationId as number | null | undefined,
      );
      // Stored answers keep the question text and meaning they were given with; they are checked
      // against the current template only when the visit's answers or stage change (rewriting them
      // then also carries the new stage onto the answer rows, where the summary counts them).
      const answersChange = state.type === 'station_visit' && (answers !== undefined || next.stage !== undefined);
      const answerRows = answersChange
        ? await this.checks.answerRows(em, missionId, state.stage as Stage, answers ?? before.answers)
        : null;
      if (state.type === 'station_visit' && (next.votersVoted !== undefined || next.pollingStationId !== undefined)) {
        const station = await this.store.findStation(em, missionId, state.pollingStationId!);
        assertVotersFit(state.votersVoted as number | null, station?.registeredVoters ?? null, station?.code ?? null);
      }

      const added = (observerIds ?? []).filter((id) => !before.observerIds.includes(id));
      const removed = observerIds ? before.observerIds.filter((id) => !observerIds.includes(id)) : [];
      const answersDiffer =
        answerRows !== null && JSON.stringify(answers ?? before.answers) !== JSON.stringify(before.answers);
      if (!Object.keys(next).length && !added.length && !removed.length && !answersDiffer) return before;

      // Version and updatedAt move also when only the observer list changed; an edited report is
      // reviewed again.
      const set = { ...(Object.keys(next).length ? next : { title: event.title }), reviewState: 'unreviewed' };
      return this.save(caller, em, writes, event, before, set, 'Event', async (stored) => {
        if (added.length || removed.length) await this.store.changeObservers(em, eventId, added, removed);
        if (answerRows) await this.answers.replaceAnswers(em, writes, stored, answerRows);
        else if (event.reviewState !== 'unreviewed') await this.answers.setReviewState(em, eventId, 'unreviewed');
        await writes.flush();
        // The visit, and the other visits of its station (and of the one it left), checked again.
        await this.flags.refresh(writes, missionId, stationsOf(event, stored));
      });
    });
  }

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
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      if (event.type !== 'incident') {
        throw new BadRequestException(`Event ${eventId} is a ${event.type}; only incidents have a verification status`);
      }
      assertVersion(event, dto.version, `Incident ${eventId}`);
      const from = event.status as IncidentStatus;
      const allowed = INCIDENT_TRANSITIONS[from];
      if (!allowed.includes(dto.status)) {
        throw new ConflictException(
          `Incident ${eventId} is ${from}; ` +
            (allowed.length ? `it can move to ${allowed.join(' or ')}, not to ${dto.status}` : 'that is final'),
        );
      }
      const [before] = await this.views.views([event], em);
      const change = { status: dto.status, statusChangedAt: new Date(), statusChangedByUserId: caller.actor.userId };
      return this.save(caller, em, writes, event, before, change, 'Incident', (stored) => {
        this.store.recordStatusChange(writes, stored, from, dto.note ?? null);
        return Promise.resolve();
      });
    });
  }

  /**
   * Sets `changes` unless someone else changed the event since it was read (409), lets `then`
   * write the rows of other tables, and audits the event as now stored, which it returns.
   */
  private async save(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    event: ElectionEvent,
    before: ElectionEventView,
    changes: Partial<Record<keyof ElectionEvent, unknown>>,
    name: 'Event' | 'Incident',
    then: (stored: ElectionEvent) => Promise<void>,
  ): Promise<ElectionEventView> {
    const { id: eventId, missionId } = event;
    if (!(await this.store.updateIfVersion(em, eventId, event.version, changes))) {
      throw new ConflictException(`${name} ${eventId} was changed by someone else; reload it and try again`);
    }
    const stored = await this.views.find(caller, missionId, eventId, em);
    await then(stored);
    // The answers and status rows `then` recorded are read back just below.
    await writes.flush();
    const [after] = await this.views.views([stored], em);
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
  }

  remove(caller: Caller, missionId: number, eventId: number): Promise<void> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      const [before] = await this.views.views([event], em);
      await this.store.delete(em, missionId, eventId);
      // Its station's other visits no longer disagree with it.
      await this.flags.refresh(writes, missionId, stationsOf(event));
      this.audit.record(writes, {
        caller,
        action: 'delete',
        entityType: 'event',
        entityId: eventId,
        missionId,
        before,
      });
    });
  }
}
