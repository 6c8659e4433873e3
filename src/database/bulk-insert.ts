import { EntityManager } from 'typeorm';
import { sqliteValue } from './sqlite/values';

/**
 * Bound parameters per statement: the bundled SQLite (3.44) allows 32766, PostgreSQL 65535.
 * Raw multi-row INSERTs because TypeORM's insert builder spends seconds building a statement of
 * thousands of rows and, on SQLite, re-reads them with a WHERE id = .. OR .. chain too deep to run.
 */
const MAX_PARAMS = { sqlite: 32766, postgres: 30000 };

function isPostgres(em: EntityManager): boolean {
  return em.connection.options.type === 'postgres';
}

/**
 * `(..), (..)` for `rows`, their values appended to `params` (numbered after those already there
 * on PostgreSQL, `?` on SQLite), bound as the engine's driver would store them.
 */
export function valuesList(rows: readonly unknown[][], params: unknown[], postgres: boolean): string {
  return rows
    .map((row) => {
      const marks = row.map((value) => {
        params.push(postgres ? value : sqliteValue(value));
        return postgres ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    })
    .join(', ');
}

/**
 * Inserts `rows` (values in the order of `columns`) with as few statements as the engine allows,
 * and returns the new ids in the order of `rows` (none with `ids: false`, for tables without an id). Within one statement both engines number rows in
 * the order of VALUES; on SQLite writes are serialized, so the statement's ids end at its lastID.
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  { ids: wantIds = true }: { ids?: boolean } = {},
): Promise<number[]> {
  const postgres = isPostgres(em);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS[postgres ? 'postgres' : 'sqlite'] / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const values = valuesList(batch, params, postgres);
    if (!wantIds) {
      await em.query(`${head}${values}`, params);
    } else if (postgres) {
      const returned: { id: number | string }[] = await em.query(`${head}${values} RETURNING "id"`, params);
      ids.push(...returned.map((r) => Number(r.id)).sort((a, b) => a - b));
    } else {
      const lastId = Number(await em.query(`${head}${values}`, params));
      for (let i = batch.length - 1; i >= 0; i--) ids.push(lastId - i);
    }
  }
  return ids;
}

/**
 * Inserts one row unless another already holds its `unique` columns; whether it was inserted. On
 * PostgreSQL a clash with a row not yet committed waits for that transaction first.
 */
export async function insertUnlessPresent(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  row: unknown[],
  unique: readonly string[],
): Promise<boolean> {
  const params: unknown[] = [];
  const quoted = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
  const sql =
    `INSERT INTO "${table}" (${quoted(columns)}) VALUES ${valuesList([row], params, isPostgres(em))} ` +
    `ON CONFLICT (${quoted(unique)}) DO NOTHING`;
  // The structured result carries the rows changed on both engines (SQLite's changes()).
  const result = await em.queryRunner!.query(sql, params, true);
  return (result as { affected?: number }).affected === 1;
}
