import { EntityManager } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { MissionStatus } from '../missions/mission.enums';
import { Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';

/**
 * The create path of an event runs inside the serialized writer on SQLite, where every statement
 * holds up every other write; so it asks the database as little as it can: one read of all it
 * must check (below), one INSERT per table, no re-read of what it wrote.
 */

/** What a new event must be checked against, read in the write's transaction in one query. */
export interface WriteFacts {
  /** null: no such mission. */
  missionStatus: MissionStatus | null;
  /** The stage's checklist questions as stored now, JSON text (null: none materialized yet). */
  templateQuestions: string | null;
  /** null: no such station in this mission (or none asked for). */
  stationId: number | null;
  stationCode: string | null;
  registeredVoters: number | null;
}

const isPostgres = (em: EntityManager) => em.connection.options.type === 'postgres';

export async function readWriteFacts(
  em: EntityManager,
  missionId: number,
  stage: Stage | null,
  pollingStationId: number | null,
): Promise<WriteFacts> {
  // Numbered parameters: each engine binds them by number, whatever order they appear in.
  const p = (n: number) => (isPostgres(em) ? `$${n}` : `?${n}`);
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT m."status" AS "missionStatus", t."questions" AS "templateQuestions",
       ps."id" AS "stationId", ps."code" AS "stationCode", ps."registeredVoters" AS "registeredVoters"
     FROM "missions" m
     LEFT JOIN "checklist_templates" t ON t."missionId" = m."id" AND t."stage" = ${p(2)}
     LEFT JOIN "polling_stations" ps ON ps."missionId" = m."id" AND ps."id" = ${p(3)}
     WHERE m."id" = ${p(1)}`,
    [missionId, stage, pollingStationId],
  );
  const row = rows[0];
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    missionStatus: (row?.missionStatus as MissionStatus | undefined) ?? null,
    templateQuestions: (row?.templateQuestions as string | null | undefined) ?? null,
    stationId: num(row?.stationId),
    stationCode: (row?.stationCode as string | null | undefined) ?? null,
    registeredVoters: num(row?.registeredVoters),
  };
}

export interface InsertedRow {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/**
 * One INSERT of an event, converting values as TypeORM would (enums, dates). save() would read
 * the row back for its generated columns: PostgreSQL answers them with RETURNING; on SQLite they
 * are given here as the column defaults would make them (datetime('now'): whole seconds, UTC,
 * like the CURRENT_TIMESTAMP a later update writes), version 1.
 */
export async function insertEvent(em: EntityManager, values: Partial<ElectionEvent>): Promise<InsertedRow> {
  const postgres = isPostgres(em);
  const metadata = em.connection.getMetadata(ElectionEvent);
  const driver = em.connection.driver;
  const names: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: unknown) => {
    names.push(`"${column}"`);
    params.push(value);
  };
  let now: Date | null = null;
  if (!postgres) {
    now = new Date(Math.floor(Date.now() / 1000) * 1000);
    add('createdAt', DateUtils.mixedDateToUtcDatetimeString(now));
    add('updatedAt', DateUtils.mixedDateToUtcDatetimeString(now));
  }
  for (const column of metadata.columns) {
    if (column.isGenerated || column.isCreateDate || column.isUpdateDate || column.isVersion) continue;
    const value = (values as Record<string, unknown>)[column.propertyName];
    if (value === undefined) continue;
    add(column.databaseName, driver.preparePersistentValue(value, column));
  }
  const marks = params.map((_, i) => (postgres ? `$${i + 1}` : '?'));
  const sql = `INSERT INTO "election_events" (${names.join(', ')}) VALUES (${marks.join(', ')})`;
  if (!postgres) {
    const lastId: unknown = await em.query(sql, params);
    return { id: Number(lastId), createdAt: now!, updatedAt: now!, version: 1 };
  }
  const [row] = (await em.query(`${sql} RETURNING "id", "createdAt", "updatedAt", "version"`, params)) as {
    id: number | string;
    createdAt: Date;
    updatedAt: Date;
    version: number | string;
  }[];
  return { id: Number(row.id), createdAt: row.createdAt, updatedAt: row.updatedAt, version: Number(row.version) };
}
