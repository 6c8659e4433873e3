import type { Database, Statement } from 'sqlite3';
import { EntityManager, QueryFailedError } from 'typeorm';
import { StationType } from './polling-station.enums';

/** One station's columns as an import writes them. */
export interface StationValues {
  constituencyCode: string;
  code: string;
  name: string;
  address: string | null;
  region: string | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  registeredVoters: number | null;
  type: StationType;
  tags: string[];
}

/** Columns written, in parameter order; PostgreSQL array types beside them. */
const COLUMNS = [
  ['missionId', 'int'],
  ['constituencyCode', 'varchar'],
  ['code', 'varchar'],
  ['name', 'varchar'],
  ['address', 'varchar'],
  ['region', 'varchar'],
  ['district', 'varchar'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['registeredVoters', 'int'],
  ['type', 'varchar'],
  ['tags', 'text'],
] as const;
const KEY = ['missionId', 'constituencyCode', 'code'];
const COLUMN_LIST = COLUMNS.map(([c]) => `"${c}"`).join(', ');
// The enum type the PostgreSQL migration created for polling_stations.type.
const PG_TYPE_ENUM = '"polling_stations_type_enum"';

const SQLITE_ROWS_PER_STATEMENT = 1000;
const PG_ROWS_PER_STATEMENT = 5000;

function rowParams(missionId: number, r: StationValues): unknown[] {
  return [
    missionId,
    r.constituencyCode,
    r.code,
    r.name,
    r.address,
    r.region,
    r.district,
    r.latitude,
    r.longitude,
    r.registeredVoters,
    r.type,
    JSON.stringify(r.tags),
  ];
}

/** For an upsert: on the station's unique key, replace the imported columns and bump the version. */
function onConflictUpdate(now: string): string {
  const set = COLUMNS.filter(([c]) => !KEY.includes(c)).map(([c]) => `"${c}" = excluded."${c}"`);
  return (
    ` ON CONFLICT (${KEY.map((c) => `"${c}"`).join(', ')}) DO UPDATE SET ${set.join(', ')}, ` +
    `"version" = "polling_stations"."version" + 1, "updatedAt" = ${now}`
  );
}

/**
 * Writes stations in large batches within the caller's transaction, by the fastest means each
 * engine offers (figures: docs/write-path.md):
 * - PostgreSQL: INSERT ... SELECT FROM unnest(one array per column): twelve parameters whatever
 *   the batch size, and a plan made once per batch rather than for 12,000 placeholders.
 * - SQLite: multi-row VALUES through one prepared statement reused for every full batch, which
 *   spares compiling a 12,000-placeholder statement each time.
 *   1,000 rows x 12 columns stays below SQLite's bound-parameter limit (32,766 since 3.32).
 */
export async function writeStationBatches(
  em: EntityManager,
  missionId: number,
  rows: readonly StationValues[],
  upsert: boolean,
  onBatch: (written: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  if (em.connection.options.type === 'postgres') return writePostgres(em, missionId, rows, upsert, onBatch);
  return writeSqlite(em, missionId, rows, upsert, onBatch);
}

async function writePostgres(
  em: EntityManager,
  missionId: number,
  rows: readonly StationValues[],
  upsert: boolean,
  onBatch: (written: number) => void,
): Promise<void> {
  const arrays = COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = COLUMNS.map(([c]) => `"${c}"`);
  const select = names.map((n) => (n === '"type"' ? `${n}::${PG_TYPE_ENUM}` : n)).join(', ');
  const sql =
    `INSERT INTO "polling_stations" (${COLUMN_LIST}) SELECT ${select} FROM unnest(${arrays}) AS r(${names.join(', ')})` +
    (upsert ? onConflictUpdate('now()') : '');
  for (let start = 0; start < rows.length; start += PG_ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + PG_ROWS_PER_STATEMENT);
    const columns: unknown[][] = COLUMNS.map(() => new Array<unknown>(batch.length));
    batch.forEach((row, r) => rowParams(missionId, row).forEach((value, c) => (columns[c][r] = value)));
    await em.query(sql, columns);
    onBatch(batch.length);
  }
}

async function writeSqlite(
  em: EntityManager,
  missionId: number,
  rows: readonly StationValues[],
  upsert: boolean,
  onBatch: (written: number) => void,
): Promise<void> {
  // The transaction's own connection (SQLite has one): statements prepared on it run inside the
  // transaction the caller opened.
  const db = (await em.queryRunner!.connect()) as Database;
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  const sqlFor = (n: number) =>
    `INSERT INTO "polling_stations" (${COLUMN_LIST}) VALUES ${new Array(n).fill(tuple).join(', ')}` +
    (upsert ? onConflictUpdate("datetime('now')") : '');
  const prepared = new Map<number, { sql: string; statement: Statement }>();
  try {
    for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
      const batch = rows.slice(start, start + SQLITE_ROWS_PER_STATEMENT);
      let entry = prepared.get(batch.length);
      if (!entry) {
        const sql = sqlFor(batch.length);
        entry = { sql, statement: await prepare(db, sql) };
        prepared.set(batch.length, entry);
      }
      const params = batch.flatMap((row) => rowParams(missionId, row));
      await new Promise<void>((resolve, reject) =>
        entry.statement.run(params, (error: Error | null) =>
          // Wrapped as TypeORM's own error so the database-error filter maps it like any other.
          error ? reject(new QueryFailedError(entry.sql, params, error)) : resolve(),
        ),
      );
      onBatch(batch.length);
    }
  } finally {
    await Promise.all([...prepared.values()].map(({ statement }) => new Promise((r) => statement.finalize(r))));
  }
}

function prepare(db: Database, sql: string): Promise<Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });
}
