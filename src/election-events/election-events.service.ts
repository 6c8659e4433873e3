import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { Page, toPage } from '../common/pagination';
import { checkOwnReporters, ownRecordsScope } from '../auth/actor';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter } from '../database/database-writer.service';
import { assertMissionWritable, assertVersion, MissionsService } from '../missions/missions.service';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { ChecklistQuestion } from '../checklists/checklist.types';
import { ChecklistsService } from '../checklists/checklists.service';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import {
  AnswerValue,
  CreateElectionEventDto,
  ElectionEventQueryDto,
  ElectionEventView,
  UpdateElectionEventDto,
} from './dto/election-event.dto';
import { ChangeIncidentStatusDto, IncidentStatusChangeView } from './dto/incident-status.dto';
import { IncidentStatus, Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';
import { checkEventType, checkTypeChange, EventState } from './event-type-rules';
import { canMoveIncident, INCIDENT_TRANSITIONS } from './incident-workflow';
import { addEvent, readWriteFacts } from './event-write';
import { WriteSet } from '../database/write-set';
import { StationVisits } from './station-visit';
import { TemplateSnapshots } from './template-snapshots';
import { Caller } from '../common/request-context';

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

/** An event as the API answers it (`statusHistory`: incidents only). */
function toView(
  e: ElectionEvent,
  observerIds: number[],
  answers: Record<string, AnswerValue>,
  statusHistory: IncidentStatusChangeView[] | undefined,
): ElectionEventView {
  return {
    id: e.id,
    missionId: e.missionId,
    type: e.type,
    occurredAt: e.occurredAt,
    title: e.title,
    description: e.description ?? null,
    observerIds,
    pollingStationId: e.pollingStationId ?? null,
    counterpart: e.counterpart ?? null,
    counterpartOrganization: e.counterpartOrganization ?? null,
    location: e.location ?? null,
    stage: e.stage ?? null,
    overallAssessment: e.overallAssessment ?? null,
    votersVoted: e.votersVoted ?? null,
    answers,
    category: e.category ?? null,
    severity: e.severity ?? null,
    status: e.status ?? null,
    ...(statusHistory ? { statusHistory } : {}),
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

@Injectable()
export class ElectionEventsService {
  constructor(
    @InjectRepository(ElectionEvent) private readonly events: Repository<ElectionEvent>,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
    private readonly idempotency: IdempotencyService,
    private readonly visits: StationVisits,
    private readonly templates: TemplateSnapshots,
    private readonly checklists: ChecklistsService,
  ) {}

  async list(caller: Caller, missionId: number, query: ElectionEventQueryDto): Promise<Page<ElectionEventView>> {
    if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
      throw badRequestFromFieldErrors([{ field: 'to', message: 'to must not be before from' }]);
    }
    await this.missions.get(missionId);
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.missionId = :missionId', { missionId })
      .orderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC');
    for (const field of [
      'type',
      'stage',
      'pollingStationId',
      'overallAssessment',
      'category',
      'severity',
      'status',
    ] as const) {
      if (query[field] !== undefined) qb.andWhere(`e.${field} = :${field}`, { [field]: query[field] });
    }
    if (query.from) qb.andWhere('e.occurredAt >= :from', { from: this.instantParameter(query.from) });
    if (query.to) qb.andWhere('e.occurredAt <= :to', { to: this.instantParameter(query.to) });
    if (query.region !== undefined) {
      qb.andWhere(
        `e.pollingStationId IN ${qb
          .subQuery()
          .select('ps.id')
          .from(PollingStation, 'ps')
          .where('ps.missionId = :missionId AND ps.region = :region')
          .getQuery()}`,
        { region: query.region },
      );
    }
    if (query.observerId !== undefined || query.teamId !== undefined) {
      const sub = qb.subQuery().select('oe.id').from(ElectionEvent, 'oe').innerJoin('oe.observers', 'o');
      if (query.observerId !== undefined) sub.andWhere('o.id = :observerId', { observerId: query.observerId });
      if (query.teamId !== undefined) sub.andWhere('o.teamId = :teamId', { teamId: query.teamId });
      qb.andWhere(`e.id IN ${sub.getQuery()}`).setParameters(sub.getParameters());
    }
    const own = ownRecordsScope(caller);
    if (own) qb.andWhere('e.reportedByUserId = :ownUserId', { ownUserId: own.userId });
    const [rows, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(await this.views(this.events.manager, rows), total, query);
  }

  async get(caller: Caller, missionId: number, eventId: number): Promise<ElectionEventView> {
    await this.missions.get(missionId);
    const [view] = await this.views(this.events.manager, [
      await this.find(caller, this.events.manager, missionId, eventId),
    ]);
    return view;
  }

  async create(caller: Caller, missionId: number, dto: CreateElectionEventDto): Promise<ElectionEventView> {
    const typeErrors = checkEventType({ ...dto, pollingStationId: dto.pollingStationId ?? null });
    if (dto.type === 'incident' && dto.status && dto.status !== 'reported') {
      typeErrors.push({
        field: 'status',
        message: 'status: a new incident starts as reported; coordinators move it with POST .../events/:eventId/status',
      });
    }
    if (typeErrors.length) throw badRequestFromFieldErrors(typeErrors);
    const { observerIds: named, answers, ...fields } = dto;
    // An observer user's report is its own: left out, observerIds lists the observer itself.
    const ownRecord = ownRecordsScope(caller)?.observerId;
    const observerIds = named ?? (ownRecord ? [ownRecord] : []);
    const stage = dto.type === 'station_visit' ? dto.stage! : null;
    // Checked before queueing for the writer against the template last seen; the transaction
    // uses this only if the stored template is still that one (see TemplateSnapshots).
    const seen = stage ? await this.templates.get(missionId, stage) : null;
    const early = seen ? validateAnswers(seen.questions, answers ?? {}) : null;
    // With an Idempotency-Key, a re-sent submission answers the first event instead of storing another.
    // Deferred: everything is checked first, then the rows are left to the writer, which on SQLite
    // writes those of a whole batch of submissions with one INSERT per table.
    return this.idempotency.deferred(caller, 201, async (em, writes) => {
      // Mission status, template and station in one read, checked in getWritable's order.
      const facts = await readWriteFacts(writes, missionId, stage, dto.pollingStationId ?? null);
      assertMissionWritable(missionId, facts.missionStatus);
      const errors = await this.observerErrors(caller, em, missionId, observerIds);
      if (dto.pollingStationId !== undefined && dto.pollingStationId !== null && facts.stationId === null) {
        errors.push(this.stationError(missionId, dto.pollingStationId));
      }
      if (errors.length) throw badRequestFromFieldErrors(errors);
      let answerRows: AnswerRow[] = [];
      if (stage) {
        const checked =
          seen && facts.templateQuestions === seen.raw
            ? early!
            : validateAnswers(
                await this.currentQuestions(em, missionId, stage, facts.templateQuestions),
                answers ?? {},
              );
        if (checked.errors.length) throw badRequestFromFieldErrors(checked.errors);
        answerRows = checked.rows;
        this.visits.assertVotersFit(dto.votersVoted, facts.registeredVoters, facts.stationCode);
      }
      const { actor } = caller;
      const event: Partial<ElectionEvent> = {
        ...fields,
        missionId,
        occurredAt: new Date(dto.occurredAt),
        reportedByUserId: actor.userId,
      };
      if (event.type === 'incident') {
        event.status = dto.status ?? 'reported';
        event.statusChangedAt = new Date();
        event.statusChangedByUserId = actor.userId;
      }
      const inserted = await addEvent(writes, event);
      const stored = { ...event, ...inserted } as ElectionEvent;
      const { id } = inserted;
      for (const observerId of new Set(observerIds))
        writes.insert('event_observers', ['eventId', 'observerId'], [id, observerId]);
      if (stored.type === 'incident') this.recordStatusChange(writes, id, null, stored);
      if (stored.type === 'station_visit') {
        this.visits.addAnswers(writes, stored, answerRows);
        await this.visits.markDeploymentsDone(caller, writes, stored, observerIds);
      }
      // The answer is built from what was written, as views() would read it back.
      const history: IncidentStatusChangeView[] | undefined =
        stored.type === 'incident'
          ? [
              {
                fromStatus: null,
                toStatus: stored.status!,
                changedByUserId: stored.statusChangedByUserId ?? null,
                changedAt: stored.statusChangedAt!,
                note: null,
              },
            ]
          : undefined;
      const answersView: Record<string, AnswerValue> = {};
      // In question-code order, as the re-read walked the (eventId, questionCode) index.
      const byCode = [...answerRows].sort((a, b) => (a.questionCode < b.questionCode ? -1 : 1));
      for (const row of byCode) answersView[row.questionCode] = row.value;
      const after = toView(
        stored,
        [...observerIds].sort((a, b) => a - b),
        answersView,
        history,
      );
      this.audit.defer(writes, { caller, action: 'create', entityType: 'event', entityId: id, missionId, after });
      return after;
    });
  }

  /**
   * The stage's questions as stored now (`raw`), or the defaults materialized when it has none yet.
   * That materializing is the one direct write of the deferred create: harmless to keep should the
   * work fail, and safe among concurrent works, as it inserts or ignores the defaults.
   */
  private async currentQuestions(
    em: EntityManager,
    missionId: number,
    stage: Stage,
    raw: string | null,
  ): Promise<ChecklistQuestion[]> {
    if (raw !== null) return this.templates.snapshot(missionId, stage, raw).questions;
    return this.checklists.templateFor(missionId, stage, em);
  }

  update(caller: Caller, missionId: number, eventId: number, dto: UpdateElectionEventDto): Promise<ElectionEventView> {
    const { version, observerIds, answers, ...changes } = dto;
    const nulls = NOT_NULL_FIELDS.filter((f) => dto[f] === null);
    if (nulls.length) {
      throw badRequestFromFieldErrors(nulls.map((field) => ({ field, message: `${field} cannot be emptied` })));
    }
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const event = await this.find(caller, em, missionId, eventId);
      assertVersion(event, version, `Event ${eventId}`);
      const [before] = await this.views(em, [event]);

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
      await this.checkReferences(
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

      // The version in the WHERE clause makes a concurrent PATCH that read the same version lose
      // with 409 on PostgreSQL too, where transactions do not queue. The query builder bumps
      // version and updatedAt itself, also when only the observer list changed.
      const result = await em
        .createQueryBuilder()
        .update(ElectionEvent)
        .set(Object.keys(next).length ? next : { title: event.title })
        .where('id = :eventId AND version = :version', { eventId, version: event.version })
        .execute();
      if (result.affected !== 1) {
        throw new ConflictException(`Event ${eventId} was changed by someone else; reload it and try again`);
      }
      if (added.length || removed.length) {
        await em.createQueryBuilder().relation(ElectionEvent, 'observers').of(eventId).addAndRemove(added, removed);
      }
      const stored = await this.find(caller, em, missionId, eventId);
      if (answerRows) await this.visits.storeAnswers(em, stored, answerRows);
      const [after] = await this.views(em, [stored]);
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
      const event = await this.find(caller, em, missionId, eventId);
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
      const [before] = await this.views(em, [event]);
      const changedAt = new Date();
      const changedBy = caller.actor.userId;
      const result = await em
        .createQueryBuilder()
        .update(ElectionEvent)
        .set({ status: dto.status, statusChangedAt: changedAt, statusChangedByUserId: changedBy })
        .where('id = :eventId AND version = :version', { eventId, version: event.version })
        .execute();
      if (result.affected !== 1) {
        throw new ConflictException(`Incident ${eventId} was changed by someone else; reload it and try again`);
      }
      const stored = await this.find(caller, em, missionId, eventId);
      const writes = WriteSet.standalone(em);
      this.recordStatusChange(writes, eventId, from, stored, dto.note ?? null);
      await writes.flush();
      const [after] = await this.views(em, [stored]);
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
      const [before] = await this.views(em, [await this.find(caller, em, missionId, eventId)]);
      await em.delete(ElectionEvent, { id: eventId, missionId });
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

  private async find(caller: Caller, em: EntityManager, missionId: number, eventId: number): Promise<ElectionEvent> {
    const event = await em.findOneBy(ElectionEvent, { id: eventId, missionId });
    // An observer user sees and changes only the reports it made; another's is as good as absent.
    const own = ownRecordsScope(caller);
    if (!event || (own && event.reportedByUserId !== own.userId)) {
      throw new NotFoundException(`Event ${eventId} not found in mission ${missionId}`);
    }
    return event;
  }

  /**
   * Observers and stations must belong to the event's mission. Read through the transaction's
   * manager so a row deleted meanwhile is not accepted.
   */
  private async checkReferences(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observers: { observerIds: number[] | undefined; listed: number[] },
    pollingStationId: number | null | undefined,
  ): Promise<void> {
    const errors = await this.observerErrors(caller, em, missionId, observers.observerIds, observers.listed);
    if (pollingStationId !== undefined && pollingStationId !== null) {
      const count = await em.getRepository(PollingStation).count({ where: { missionId, id: pollingStationId } });
      if (!count) errors.push(this.stationError(missionId, pollingStationId));
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);
  }

  /**
   * The observers a write names must be the mission's; an observer user's, also itself and its
   * team (checkOwnReporters, which throws 403). `listed`: those the event lists before an edit.
   */
  private async observerErrors(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observerIds: number[] | undefined,
    listed: number[] = [],
  ): Promise<FieldError[]> {
    if (observerIds === undefined) return [];
    const own = ownRecordsScope(caller);
    const errors = own ? await checkOwnReporters(em, own, missionId, observerIds, listed) : [];
    if (!observerIds.length) return errors;
    const found = await em.getRepository(Observer).find({
      select: { id: true },
      where: { missionId, id: In(observerIds) },
    });
    const foundIds = new Set(found.map((o) => o.id));
    const missing = observerIds.filter((id) => !foundIds.has(id));
    if (!missing.length) return errors;
    return [
      ...errors,
      {
        field: 'observerIds',
        message: `observerIds: ${missing.join(', ')} ${missing.length === 1 ? 'is not an observer' : 'are not observers'} of mission ${missionId}`,
      },
    ];
  }

  private stationError(missionId: number, pollingStationId: number): FieldError {
    return {
      field: 'pollingStationId',
      message: `pollingStationId: ${pollingStationId} is not a polling station of mission ${missionId}`,
    };
  }

  private recordStatusChange(
    writes: WriteSet,
    eventId: number,
    fromStatus: ElectionEvent['status'],
    event: ElectionEvent,
    note: string | null = null,
  ): void {
    writes.insert(
      'incident_status_changes',
      ['eventId', 'fromStatus', 'toStatus', 'changedByUserId', 'changedAt', 'note'],
      [
        eventId,
        fromStatus,
        event.status!,
        event.statusChangedByUserId ?? null,
        event.statusChangedAt ?? new Date(),
        note,
      ],
    );
  }

  /** An instant as the engine stores it, so range filters compare like with like on SQLite too. */
  private instantParameter(instant: string): unknown {
    const column = this.events.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.events.manager.connection.driver.preparePersistentValue(new Date(instant), column);
  }

  /** Events as the API answers them, with observer ids and answers loaded in one query each. */
  private async views(em: EntityManager, events: ElectionEvent[]): Promise<ElectionEventView[]> {
    if (!events.length) return [];
    const ids = events.map((e) => e.id);
    const links: { eventId: number | string; observerId: number | string }[] = await em
      .createQueryBuilder(ElectionEvent, 'e')
      .innerJoin('e.observers', 'o')
      .select('e.id', 'eventId')
      .addSelect('o.id', 'observerId')
      .where('e.id IN (:...ids)', { ids })
      .orderBy('o.id', 'ASC')
      .getRawMany();
    const answerRows = await em.find(EventAnswer, { where: { eventId: In(ids) } });
    const incidentIds = events.filter((e) => e.type === 'incident').map((e) => e.id);
    const changes = incidentIds.length
      ? await em.find(IncidentStatusChange, {
          where: { eventId: In(incidentIds) },
          order: { changedAt: 'ASC', id: 'ASC' },
        })
      : [];
    const historyOf = (eventId: number): IncidentStatusChangeView[] =>
      changes
        .filter((c) => c.eventId === eventId)
        .map(({ fromStatus, toStatus, changedByUserId, changedAt, note }) => ({
          fromStatus,
          toStatus,
          changedByUserId,
          changedAt,
          note,
        }));
    return events.map((e) => {
      const answers: Record<string, AnswerValue> = {};
      for (const a of answerRows) if (a.eventId === e.id) answers[a.questionCode] = a.value;
      const observerIds = links.filter((l) => Number(l.eventId) === e.id).map((l) => Number(l.observerId));
      return toView(e, observerIds, answers, e.type === 'incident' ? historyOf(e.id) : undefined);
    });
  }
}
