import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { WriteSet, defaultNow, insertRows } from '../database';
import { MissionStatus } from '../missions/entities/mission.enums';
import { StageSchedule } from '../missions/entities/stage-schedule';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { AnswerValue, ElectionEventQueryDto, ReportFlagView } from './dto/election-event.dto';
import { IncidentStatusChangeView } from './dto/incident-status.dto';
import { Stage } from './entities/election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';

export type StationRef = Pick<PollingStation, 'id' | 'code' | 'constituencyCode' | 'registeredVoters'>;

/** What an event's view holds besides its row (`statusHistory`: incidents only). */
export interface EventDetails {
  observerIds: number[];
  answers: Record<string, AnswerValue>;
  statusHistory?: IncidentStatusChangeView[];
  /** The quality checks a station visit fails now. */
  flags?: ReportFlagView[];
}

/** The columns an imported visit gives; its mission, type and reporter are the import's. */
const VISIT_FIELDS = ['occurredAt', 'title', 'pollingStationId', 'stage', 'overallAssessment', 'votersVoted'] as const;
export type ImportedVisit = Pick<ElectionEvent, (typeof VISIT_FIELDS)[number]> & { observerId: number | null };

const LOOKUP_BATCH = 500;

async function inBatches<T, R>(items: T[], size: number, fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

/** A list's filters that name a column's value. */
const FILTERS = [
  'type',
  'stage',
  'pollingStationId',
  'overallAssessment',
  'category',
  'severity',
  'status',
  'reviewState',
] as const;

const STEP_COLUMNS = ['fromStatus', 'toStatus', 'changedByUserId', 'changedAt', 'note'] as const;

function toStep(change: IncidentStatusChange): IncidentStatusChangeView {
  const { fromStatus, toStatus, changedByUserId, changedAt, note } = change;
  return { fromStatus, toStatus, changedByUserId, changedAt, note };
}

const orNull = (v: unknown) => (v === null || v === undefined ? null : v);
const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Events, their observer links and incidents' status trails; and the observers and stations they
 * name, looked up in their mission through the write's manager (a row deleted meanwhile is absent).
 */
@Injectable()
export class EventsStore {
  /** One array of column names for every row, so that a batch's rows find their INSERT by identity. */
  private columnNames?: readonly string[];

  constructor(@InjectRepository(ElectionEvent) private readonly events: Repository<ElectionEvent>) {}

  /**
   * The deferred create's one read, of what a new event is checked against; null where there is no
   * such mission, no stored template yet (its questions: JSON text) or no such station in it.
   */
  async readCreateChecks(writes: WriteSet, missionId: number, stage: Stage | null, pollingStationId: number | null) {
    const [row] = await writes.read(
      `SELECT m."status" AS "missionStatus", m."timezone" AS "timezone", m."stageSchedule" AS "stageSchedule",
         t."questions" AS "templateQuestions", ps."id" AS "stationId", ps."code" AS "stationCode",
         ps."registeredVoters" AS "registeredVoters", ps."region" AS "region"
       FROM "missions" m
       LEFT JOIN "checklist_templates" t ON t."missionId" = m."id" AND t."stage" = $2
       LEFT JOIN "polling_stations" ps ON ps."missionId" = m."id" AND ps."id" = $3
       WHERE m."id" = $1`,
      [missionId, stage, pollingStationId],
    );
    return {
      missionStatus: orNull(row?.missionStatus) as MissionStatus | null,
      templateQuestions: orNull(row?.templateQuestions) as string | null,
      stationId: numberOrNull(row?.stationId),
      stationCode: orNull(row?.stationCode) as string | null,
      registeredVoters: numberOrNull(row?.registeredVoters),
      region: orNull(row?.region) as string | null,
      /** What the quality checks of a visit need of its mission: its clocks and stage hours. */
      timezone: orNull(row?.timezone) as string | null,
      stageSchedule: typeof row?.stageSchedule === 'string' ? (JSON.parse(row.stageSchedule) as StageSchedule) : null,
    };
  }

  /**
   * Records a new event's row (every column given, so a batch's rows share one INSERT; the generated
   * ones as their defaults would be) and its observer links. Returns the event as stored.
   */
  async recordEvent(writes: WriteSet, values: Partial<ElectionEvent>, observerIds: number[]): Promise<ElectionEvent> {
    const metadata = writes.em.connection.getMetadata(ElectionEvent);
    const driver = writes.em.connection.driver;
    const id = await writes.nextId(metadata.tableName);
    const now = defaultNow(writes.em);
    const row = metadata.columns.map((column): unknown => {
      let value: unknown;
      if (column.isGenerated) value = id;
      else if (column.isCreateDate || column.isUpdateDate) value = now;
      else if (column.isVersion) value = 1;
      else {
        const given = (values as Record<string, unknown>)[column.propertyName];
        value = given ?? (typeof column.default === 'string' ? column.default : null);
      }
      return value === null || value instanceof Date ? value : driver.preparePersistentValue(value, column);
    });
    this.columnNames ??= metadata.columns.map((column) => column.databaseName);
    writes.insert(metadata.tableName, this.columnNames, row);
    const event = { ...values, id, createdAt: now, updatedAt: now, version: 1 } as ElectionEvent;
    // Columns left to their defaults (the review state) read back as stored.
    for (const column of metadata.columns) {
      const key = column.propertyName as keyof ElectionEvent;
      if (event[key] === undefined && typeof column.default === 'string')
        Object.assign(event, { [key]: column.default });
    }
    for (const observerId of new Set(observerIds)) {
      writes.insert('event_observers', ['eventId', 'observerId'], [id, observerId]);
    }
    return event;
  }

  /** Records the step of an incident's trail to `event`'s current status, and returns it. */
  recordStatusChange(
    writes: WriteSet,
    event: ElectionEvent,
    fromStatus: ElectionEvent['status'],
    note: string | null = null,
  ): IncidentStatusChangeView {
    const changedAt = event.statusChangedAt ?? new Date();
    const step = {
      fromStatus,
      toStatus: event.status!,
      changedByUserId: event.statusChangedByUserId ?? null,
      changedAt,
      note,
    };
    writes.insert(
      'incident_status_changes',
      ['eventId', ...STEP_COLUMNS],
      [event.id, ...STEP_COLUMNS.map((c) => step[c])],
    );
    return step;
  }

  find(missionId: number, eventId: number, em = this.events.manager): Promise<ElectionEvent | null> {
    return em.findOneBy(ElectionEvent, { id: eventId, missionId });
  }

  /** A page of a mission's events in time order, filtered as `filter` says, and their total. */
  findForList(
    missionId: number,
    filter: ElectionEventQueryDto,
    range: { from?: Date; to?: Date },
    reportedByUserId?: number,
  ): Promise<[ElectionEvent[], number]> {
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.missionId = :missionId', { missionId })
      .orderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC');
    const equal = { ...filter, reportedByUserId };
    for (const field of [...FILTERS, 'reportedByUserId'] as const) {
      if (equal[field] !== undefined) qb.andWhere(`e.${field} = :${field}`, { [field]: equal[field] });
    }
    if (range.from) qb.andWhere('e.occurredAt >= :from', { from: this.instant(range.from) });
    if (range.to) qb.andWhere('e.occurredAt <= :to', { to: this.instant(range.to) });
    if (filter.region !== undefined) {
      const stations = qb.subQuery().select('ps.id').from(PollingStation, 'ps');
      stations.where('ps.missionId = :missionId AND ps.region = :region');
      qb.andWhere(`e.pollingStationId IN ${stations.getQuery()}`, { region: filter.region });
    }
    if (filter.observerId !== undefined || filter.teamId !== undefined) {
      const sub = qb.subQuery().select('oe.id').from(ElectionEvent, 'oe').innerJoin('oe.observers', 'o');
      if (filter.observerId !== undefined) sub.andWhere('o.id = :observerId', { observerId: filter.observerId });
      if (filter.teamId !== undefined) sub.andWhere('o.teamId = :teamId', { teamId: filter.teamId });
      qb.andWhere(`e.id IN ${sub.getQuery()}`).setParameters(sub.getParameters());
    }
    return qb.take(filter.limit).skip(filter.offset).getManyAndCount();
  }

  /**
   * A page of the reports waiting for review (`filter.states`), those needing attention first: in
   * state flagged or failing an error check, then failing a warning check, then the rest; oldest
   * first within each.
   */
  reviewQueue(
    missionId: number,
    filter: {
      states: string[];
      checkId?: number;
      region?: string;
      teamId?: number;
      stage?: Stage;
      limit: number;
      offset: number;
    },
  ): Promise<[ElectionEvent[], number]> {
    const flagged = (severity: string) =>
      `EXISTS (SELECT 1 FROM report_flags f INNER JOIN quality_checks c ON c.id = f."checkId"
               WHERE f."eventId" = e.id AND c.severity = '${severity}')`;
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.missionId = :missionId', { missionId })
      .andWhere('e.type IN (:...reportTypes)', { reportTypes: ['station_visit', 'incident'] })
      .andWhere('e.reviewState IN (:...states)', { states: filter.states })
      .addSelect(
        `CASE WHEN e."reviewState" = 'flagged' OR ${flagged('error')} THEN 0 WHEN ${flagged('warning')} THEN 1 ELSE 2 END`,
        'attention',
      )
      .orderBy('attention', 'ASC')
      .addOrderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC');
    if (filter.stage) qb.andWhere('e.stage = :stage', { stage: filter.stage });
    if (filter.checkId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM report_flags rf WHERE rf."eventId" = e.id AND rf."checkId" = :checkId)', {
        checkId: filter.checkId,
      });
    }
    if (filter.region !== undefined) {
      const stations = qb.subQuery().select('ps.id').from(PollingStation, 'ps');
      stations.where('ps.missionId = :missionId AND ps.region = :region');
      qb.andWhere(`e.pollingStationId IN ${stations.getQuery()}`, { region: filter.region });
    }
    if (filter.teamId !== undefined) {
      const sub = qb.subQuery().select('te.id').from(ElectionEvent, 'te').innerJoin('te.observers', 'o');
      sub.where('o.teamId = :teamId', { teamId: filter.teamId });
      qb.andWhere(`e.id IN ${sub.getQuery()}`).setParameters(sub.getParameters());
    }
    return qb.take(filter.limit).skip(filter.offset).getManyAndCount();
  }

  /** The mission's stations by id, as the review queue names them. */
  async stationsById(
    missionId: number,
    ids: number[],
  ): Promise<Map<number, { id: number; code: string; name: string; region: string | null }>> {
    if (!ids.length) return new Map();
    const rows = await this.events.manager.find(PollingStation, {
      select: { id: true, code: true, name: true, region: true },
      where: { missionId, id: In(ids) },
    });
    return new Map(rows.map((s) => [s.id, { id: s.id, code: s.code, name: s.name, region: s.region ?? null }]));
  }

  /** The station visits at `stationIds`, to set a report beside the ones it disagrees with. */
  visitsAt(missionId: number, stationIds: number[]): Promise<ElectionEvent[]> {
    if (!stationIds.length) return Promise.resolve([]);
    return this.events.find({ where: { missionId, type: 'station_visit', pollingStationId: In(stationIds) } });
  }

  /** An instant as the engine stores it, so range filters compare like with like on SQLite too. */
  private instant(instant: Date): unknown {
    const column = this.events.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.events.manager.connection.driver.preparePersistentValue(instant, column);
  }

  /** What each event's view holds besides its row, read in one query per table. */
  async detailsOf(events: ElectionEvent[], em = this.events.manager): Promise<EventDetails[]> {
    const ids = events.map((e) => e.id);
    const links: { eventId: number | string; observerId: number | string }[] = await em
      .createQueryBuilder(ElectionEvent, 'e')
      .innerJoin('e.observers', 'o')
      .select('e.id', 'eventId')
      .addSelect('o.id', 'observerId')
      .where('e.id IN (:...ids)', { ids })
      .orderBy('o.id', 'ASC')
      .getRawMany();
    const answers = await em.find(EventAnswer, { where: { eventId: In(ids) } });
    const incidents = events.filter((e) => e.type === 'incident').map((e) => e.id);
    const order = { changedAt: 'ASC', id: 'ASC' } as const;
    const changes = incidents.length
      ? await em.find(IncidentStatusChange, { where: { eventId: In(incidents) }, order })
      : [];
    return events.map((e) => ({
      observerIds: links.filter((l) => Number(l.eventId) === e.id).map((l) => Number(l.observerId)),
      answers: Object.fromEntries(answers.filter((a) => a.eventId === e.id).map((a) => [a.questionCode, a.value])),
      statusHistory: e.type === 'incident' ? changes.filter((c) => c.eventId === e.id).map(toStep) : undefined,
    }));
  }

  /**
   * Sets `changes` if the event is still at `version`, so a concurrent write that read the same
   * version loses, on PostgreSQL too, where transactions do not queue. The query builder bumps
   * version and updatedAt itself. false: the event has moved on.
   */
  async updateIfVersion(
    em: EntityManager,
    eventId: number,
    version: number,
    changes: Partial<Record<keyof ElectionEvent, unknown>>,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(ElectionEvent)
      .set(changes)
      .where('id = :eventId AND version = :version', { eventId, version })
      .execute();
    return result.affected === 1;
  }

  async changeObservers(em: EntityManager, eventId: number, added: number[], removed: number[]): Promise<void> {
    await em.createQueryBuilder().relation(ElectionEvent, 'observers').of(eventId).addAndRemove(added, removed);
  }

  async delete(em: EntityManager, missionId: number, eventId: number): Promise<void> {
    await em.delete(ElectionEvent, { id: eventId, missionId });
  }

  /** Those of `observerIds` that are not observers of the mission. */
  async missingObservers(em: EntityManager, missionId: number, observerIds: number[]): Promise<number[]> {
    const found = await em.find(Observer, { select: { id: true }, where: { missionId, id: In(observerIds) } });
    const foundIds = new Set(found.map((o) => o.id));
    return observerIds.filter((id) => !foundIds.has(id));
  }

  findStation(em: EntityManager, missionId: number, stationId: number): Promise<StationRef | null> {
    return em.findOne(PollingStation, {
      select: { id: true, code: true, constituencyCode: true, registeredVoters: true },
      where: { missionId, id: stationId },
    });
  }

  /** The mission's stations with these codes, by code (several when numbers repeat across constituencies). */
  async stationsByCode(em: EntityManager, missionId: number, codes: string[]): Promise<Map<string, StationRef[]>> {
    const found = await inBatches(codes, LOOKUP_BATCH, (batch) =>
      em.find(PollingStation, {
        select: { id: true, code: true, constituencyCode: true, registeredVoters: true },
        where: { missionId, code: In(batch) },
      }),
    );
    const byCode = new Map<string, StationRef[]>();
    for (const s of found) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
    return byCode;
  }

  /** The mission's observers with these accreditation numbers, by number. */
  async observersByAccreditation(
    em: EntityManager,
    missionId: number,
    numbers: string[],
  ): Promise<Map<string, number>> {
    const found = await inBatches(numbers, LOOKUP_BATCH, (batch) =>
      em.find(Observer, {
        select: { id: true, accreditationNumber: true },
        where: { missionId, accreditationNumber: In(batch) },
      }),
    );
    return new Map(found.map((o) => [o.accreditationNumber!, o.id]));
  }

  /** Imported visits and their observer links, with few multi-row INSERTs; their ids in order. */
  async insertVisits(
    em: EntityManager,
    missionId: number,
    reportedByUserId: number | null,
    visits: ImportedVisit[],
  ): Promise<number[]> {
    const columns = ['missionId', 'type', 'reportedByUserId', ...VISIT_FIELDS];
    const rows = visits.map((v) => [missionId, 'station_visit', reportedByUserId, ...VISIT_FIELDS.map((f) => v[f])]);
    const ids = await insertRows(em, 'election_events', columns, rows);
    await insertRows(
      em,
      'event_observers',
      ['eventId', 'observerId'],
      visits.flatMap((v, i) => (v.observerId === null ? [] : [[ids[i], v.observerId]])),
    );
    return ids;
  }
}
