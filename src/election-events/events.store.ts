import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { defaultNow } from '../database/default-now';
import { insertRows } from '../database/bulk-insert';
import { WriteSet } from '../database/write-set';
import { MissionStatus } from '../missions/mission.enums';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { IncidentStatusChangeView } from './dto/incident-status.dto';
import { OverallAssessment, Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { IncidentStatusChange } from './entities/incident-status-change.entity';

/** What a new event must be checked against, read in the write's transaction in one query. */
export interface CreateChecks {
  /** null: no such mission. */
  missionStatus: MissionStatus | null;
  /** The stage's checklist questions as stored now, JSON text (null: none materialized yet). */
  templateQuestions: string | null;
  /** null: no such station in this mission (or none asked for). */
  stationId: number | null;
  stationCode: string | null;
  registeredVoters: number | null;
}

/** A station visit of an import, as stored. */
export interface ImportedVisit {
  stationId: number;
  title: string;
  stage: Stage;
  occurredAt: Date;
  overallAssessment: OverallAssessment | null;
  votersVoted: number | null;
  observerId: number | null;
}

const orNull = (v: unknown) => (v === null || v === undefined ? null : v);

/**
 * Events, their observer links and incidents' status trail. Reads outside a write use the
 * default manager; writes take the transaction's EntityManager or the deferred create's WriteSet.
 */
@Injectable()
export class EventsStore {
  /** The event table's column names, one array for every row, so a batch's rows share one INSERT. */
  private columnNames?: readonly string[];

  constructor(@InjectRepository(ElectionEvent) private readonly events: Repository<ElectionEvent>) {}

  /**
   * The deferred create's one read: mission status, the stage's stored questions and the station.
   * Its rows are then recorded in `writes`, which inserts those of a whole batch with one INSERT
   * per table; nothing written is read back.
   */
  async readCreateChecks(
    writes: WriteSet,
    missionId: number,
    stage: Stage | null,
    pollingStationId: number | null,
  ): Promise<CreateChecks> {
    const [row] = await writes.read(
      `SELECT m."status" AS "missionStatus", t."questions" AS "templateQuestions",
         ps."id" AS "stationId", ps."code" AS "stationCode", ps."registeredVoters" AS "registeredVoters"
       FROM "missions" m
       LEFT JOIN "checklist_templates" t ON t."missionId" = m."id" AND t."stage" = $2
       LEFT JOIN "polling_stations" ps ON ps."missionId" = m."id" AND ps."id" = $3
       WHERE m."id" = $1`,
      [missionId, stage, pollingStationId],
    );
    return {
      missionStatus: orNull(row?.missionStatus) as MissionStatus | null,
      templateQuestions: orNull(row?.templateQuestions) as string | null,
      stationId: row?.stationId == null ? null : Number(row.stationId),
      stationCode: orNull(row?.stationCode) as string | null,
      registeredVoters: row?.registeredVoters == null ? null : Number(row.registeredVoters),
    };
  }

  /**
   * Records a new event's row, its observer links and, for an incident, the first step of its
   * trail. Every column is given, converted as TypeORM would (enums, dates); the generated ones
   * as their defaults would be: a new id, version 1, now. Answers the event as stored.
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
      else value = (values as Record<string, unknown>)[column.propertyName] ?? null;
      return value === null || value instanceof Date ? value : driver.preparePersistentValue(value, column);
    });
    this.columnNames ??= metadata.columns.map((column) => column.databaseName);
    writes.insert(metadata.tableName, this.columnNames, row);
    const event = { ...values, id, createdAt: now, updatedAt: now, version: 1 } as ElectionEvent;
    for (const observerId of new Set(observerIds)) {
      writes.insert('event_observers', ['eventId', 'observerId'], [id, observerId]);
    }
    if (event.type === 'incident') this.recordStatusChange(writes, event, null);
    return event;
  }

  /** One step of an incident's trail, to `event`'s current status. */
  recordStatusChange(
    writes: WriteSet,
    event: ElectionEvent,
    fromStatus: ElectionEvent['status'],
    note: string | null = null,
  ): void {
    writes.insert(
      'incident_status_changes',
      ['eventId', 'fromStatus', 'toStatus', 'changedByUserId', 'changedAt', 'note'],
      [
        event.id,
        fromStatus,
        event.status!,
        event.statusChangedByUserId ?? null,
        event.statusChangedAt ?? new Date(),
        note,
      ],
    );
  }

  find(missionId: number, eventId: number, em = this.events.manager): Promise<ElectionEvent | null> {
    return em.findOneBy(ElectionEvent, { id: eventId, missionId });
  }

  /** A page of a mission's events in time order, filtered as `filter` says, and their total. */
  findForList(
    missionId: number,
    filter: Partial<Pick<ElectionEvent, ListFilterField>> & {
      from?: string;
      to?: string;
      region?: string;
      observerId?: number;
      teamId?: number;
      reportedByUserId?: number;
    },
    page: { limit: number; offset: number },
  ): Promise<[ElectionEvent[], number]> {
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.missionId = :missionId', { missionId })
      .orderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC');
    for (const field of [...LIST_FILTER_FIELDS, 'reportedByUserId'] as const) {
      if (filter[field] !== undefined) qb.andWhere(`e.${field} = :${field}`, { [field]: filter[field] });
    }
    if (filter.from) qb.andWhere('e.occurredAt >= :from', { from: this.instant(filter.from) });
    if (filter.to) qb.andWhere('e.occurredAt <= :to', { to: this.instant(filter.to) });
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
    return qb.take(page.limit).skip(page.offset).getManyAndCount();
  }

  /** An instant as the engine stores it, so range filters compare like with like on SQLite too. */
  private instant(instant: string): unknown {
    const column = this.events.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.events.manager.connection.driver.preparePersistentValue(new Date(instant), column);
  }

  /** The observer ids of each event, in id order. */
  async observerIdsOf(ids: number[], em = this.events.manager): Promise<Map<number, number[]>> {
    const links: { eventId: number | string; observerId: number | string }[] = await em
      .createQueryBuilder(ElectionEvent, 'e')
      .innerJoin('e.observers', 'o')
      .select('e.id', 'eventId')
      .addSelect('o.id', 'observerId')
      .where('e.id IN (:...ids)', { ids })
      .orderBy('o.id', 'ASC')
      .getRawMany();
    const byEvent = new Map<number, number[]>(ids.map((id) => [id, []]));
    for (const link of links) byEvent.get(Number(link.eventId))!.push(Number(link.observerId));
    return byEvent;
  }

  /** The status trail of each incident, oldest first. */
  async statusHistoryOf(ids: number[], em = this.events.manager): Promise<Map<number, IncidentStatusChangeView[]>> {
    const byEvent = new Map<number, IncidentStatusChangeView[]>(ids.map((id) => [id, []]));
    if (!ids.length) return byEvent;
    const changes = await em.find(IncidentStatusChange, {
      where: { eventId: In(ids) },
      order: { changedAt: 'ASC', id: 'ASC' },
    });
    for (const { eventId, fromStatus, toStatus, changedByUserId, changedAt, note } of changes) {
      byEvent.get(eventId)!.push({ fromStatus, toStatus, changedByUserId, changedAt, note });
    }
    return byEvent;
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

  /** Imported visits and their observer links, with few multi-row INSERTs; their ids in order. */
  async insertVisits(
    em: EntityManager,
    missionId: number,
    reportedByUserId: number | null,
    visits: ImportedVisit[],
  ): Promise<number[]> {
    const ids = await insertRows(
      em,
      'election_events',
      [
        'missionId',
        'type',
        'occurredAt',
        'title',
        'pollingStationId',
        'stage',
        'overallAssessment',
        'votersVoted',
        'reportedByUserId',
      ],
      visits.map((v) => [
        missionId,
        'station_visit',
        v.occurredAt,
        v.title,
        v.stationId,
        v.stage,
        v.overallAssessment,
        v.votersVoted,
        reportedByUserId,
      ]),
    );
    await insertRows(
      em,
      'event_observers',
      ['eventId', 'observerId'],
      visits.flatMap((v, i) => (v.observerId === null ? [] : [[ids[i], v.observerId]])),
    );
    return ids;
  }
}

/** Stored columns a list may be filtered on by equality. */
export const LIST_FILTER_FIELDS = [
  'type',
  'stage',
  'pollingStationId',
  'overallAssessment',
  'category',
  'severity',
  'status',
] as const;
type ListFilterField = (typeof LIST_FILTER_FIELDS)[number];
