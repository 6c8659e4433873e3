import { ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/request-context';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter } from '../database/database-writer.service';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { AnswersStore } from './answers.store';
import { ElectionEventView, UpdateElectionEventDto } from './dto/election-event.dto';
import { Stage } from './election-event.enums';
import { EventReferences } from './event-references';
import { checkEventType, checkTypeChange, EventState } from './event-type-rules';
import { EventViewsService } from './event-views.service';
import { EventsStore } from './events.store';
import { StationVisits } from './station-visit';

/** Stored columns a PATCH may change (observerIds and answers live in tables of their own). */
const COLUMN_FIELDS = [
  'type',
  'occurredAt',
  'title',
  'description',
  'pollingStationId',
  'counterpart',
  'counterpartOrganization',
  'location',
  'stage',
  'overallAssessment',
  'votersVoted',
  'category',
  'severity',
  'status',
] as const;
type ColumnField = (typeof COLUMN_FIELDS)[number];

/** Fields that may be left out of a PATCH but never emptied. */
const NOT_NULL_FIELDS = ['type', 'occurredAt', 'title', 'observerIds'] as const;

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** PATCH and DELETE of an event, in one transaction each, audited with the event before and after. */
@Injectable()
export class EventUpdateService {
  constructor(
    private readonly store: EventsStore,
    private readonly answers: AnswersStore,
    private readonly views: EventViewsService,
    private readonly references: EventReferences,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
    private readonly visits: StationVisits,
  ) {}

  update(caller: Caller, missionId: number, eventId: number, dto: UpdateElectionEventDto): Promise<ElectionEventView> {
    const { version, observerIds, answers, ...changes } = dto;
    const nulls = NOT_NULL_FIELDS.filter((f) => dto[f] === null);
    if (nulls.length) {
      throw badRequestFromFieldErrors(nulls.map((field) => ({ field, message: `${field} cannot be emptied` })));
    }
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.views.find(caller, missionId, eventId, em);
      assertVersion(event, version, `Event ${eventId}`);
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
      await this.references.check(
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
        ? await this.visits.answerRows(em, missionId, state.stage as Stage, answers ?? before.answers)
        : null;
      if (state.type === 'station_visit' && (next.votersVoted !== undefined || next.pollingStationId !== undefined)) {
        await this.visits.checkVotersVoted(em, missionId, state.pollingStationId!, state.votersVoted as number | null);
      }

      const added = (observerIds ?? []).filter((id) => !before.observerIds.includes(id));
      const removed = observerIds ? before.observerIds.filter((id) => !observerIds.includes(id)) : [];
      const answersDiffer =
        answerRows !== null && JSON.stringify(answers ?? before.answers) !== JSON.stringify(before.answers);
      if (!Object.keys(next).length && !added.length && !removed.length && !answersDiffer) return before;

      // Version and updatedAt move also when only the observer list changed.
      const set = Object.keys(next).length ? next : { title: event.title };
      if (!(await this.store.updateIfVersion(em, eventId, event.version, set))) {
        throw new ConflictException(`Event ${eventId} was changed by someone else; reload it and try again`);
      }
      if (added.length || removed.length) await this.store.changeObservers(em, eventId, added, removed);
      const stored = await this.views.find(caller, missionId, eventId, em);
      if (answerRows) await this.answers.replaceAnswers(em, stored, answerRows);
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

  remove(caller: Caller, missionId: number, eventId: number): Promise<void> {
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const [before] = await this.views.views([await this.views.find(caller, missionId, eventId, em)], em);
      await this.store.delete(em, missionId, eventId);
      await this.audit.record(em, {
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
