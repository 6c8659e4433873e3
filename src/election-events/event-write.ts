import { EntityMetadata } from 'typeorm';
import { WriteSet } from '../database/write-set';
import { MissionStatus } from '../missions/mission.enums';
import { Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';

/**
 * The create path of an event is a deferred work (DatabaseWriter.deferred): one read of all it
 * must check (below), then its rows handed to the WriteSet, which writes those of a whole batch
 * with one INSERT per table; nothing written is read back.
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

export async function readWriteFacts(
  writes: WriteSet,
  missionId: number,
  stage: Stage | null,
  pollingStationId: number | null,
): Promise<WriteFacts> {
  const rows = await writes.read<Record<string, unknown>>(
    `SELECT m."status" AS "missionStatus", t."questions" AS "templateQuestions",
       ps."id" AS "stationId", ps."code" AS "stationCode", ps."registeredVoters" AS "registeredVoters"
     FROM "missions" m
     LEFT JOIN "checklist_templates" t ON t."missionId" = m."id" AND t."stage" = $2
     LEFT JOIN "polling_stations" ps ON ps."missionId" = m."id" AND ps."id" = $3
     WHERE m."id" = $1`,
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

/** The columns' names, one array per entity, so a batch's event rows find their group by identity. */
const namesOf = new WeakMap<EntityMetadata, readonly string[]>();
function columnNames(metadata: EntityMetadata): readonly string[] {
  let names = namesOf.get(metadata);
  if (!names) {
    names = metadata.columns.map((column) => column.databaseName);
    namesOf.set(metadata, names);
  }
  return names;
}

/**
 * An event row for `writes` to insert, every column given (so the rows of a batch share one
 * INSERT), converted as TypeORM would (enums, dates). The generated columns are set here as the
 * defaults would: a new id, version 1, and now; on SQLite in whole seconds, UTC, like the
 * CURRENT_TIMESTAMP a later update writes.
 */
export async function addEvent(writes: WriteSet, values: Partial<ElectionEvent>): Promise<InsertedRow> {
  const em = writes.em;
  const metadata = em.connection.getMetadata(ElectionEvent);
  const driver = em.connection.driver;
  const id = await writes.nextId(metadata.tableName);
  const now = writes.isPostgres ? new Date() : new Date(Math.floor(Date.now() / 1000) * 1000);
  const row: unknown[] = [];
  for (const column of metadata.columns) {
    let value: unknown;
    if (column.isGenerated) value = id;
    else if (column.isCreateDate || column.isUpdateDate) value = now;
    else if (column.isVersion) value = 1;
    else value = (values as Record<string, unknown>)[column.propertyName] ?? null;
    row.push(value === null || value instanceof Date ? value : driver.preparePersistentValue(value, column));
  }
  writes.insert(metadata.tableName, columnNames(metadata), row);
  return { id, createdAt: now, updatedAt: now, version: 1 };
}
