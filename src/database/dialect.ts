import { EntityManager, QueryFailedError } from 'typeorm';
import { sqliteDatetime } from './sqlite/values';

/**
 * What differs per engine in a feature's query or transaction, behind one function each so that
 * features stay engine-neutral.
 */
const isPostgres = (em: EntityManager) => em.connection.options.type === 'postgres';

/** A FROM-clause join giving one row `${alias}.value` (text) per element of the JSON array in `column`. */
export function jsonArrayElements(em: EntityManager, column: string, alias: string): string {
  return isPostgres(em)
    ? `CROSS JOIN LATERAL json_array_elements_text(${column}::json) AS ${alias}(value)`
    : `JOIN json_each(${column}) AS ${alias}`;
}

/**
 * An aggregate over an append-only table that changes with every commit. SQLite commits one at a time, so ids grow
 * in commit order (the last id: one index lookup); PostgreSQL hands ids out before commit, so there the count says it.
 */
export function appendOnlyStamp(em: EntityManager): string {
  return isPostgres(em) ? 'COUNT(*)' : 'COALESCE(MAX(id), 0)';
}

/**
 * An instant as a query parameter that compares right with a stored timestamp column: SQLite keeps
 * instants as UTC text (and its driver would bind a Date as a number), PostgreSQL as timestamps.
 */
export function instantParam(em: EntityManager, instant: Date): string | Date {
  return isPostgres(em) ? instant : sqliteDatetime(instant);
}

/**
 * Now as a timestamp column's default stores it, for a row written with every column given:
 * PostgreSQL keeps milliseconds, SQLite's CURRENT_TIMESTAMP whole seconds (UTC).
 */
export function defaultNow(em: EntityManager): Date {
  const now = Date.now();
  return new Date(isPostgres(em) ? now : now - (now % 1000));
}

type RowLockMode = 'pessimistic_write' | 'for_no_key_update';

/**
 * The lock (a find option) on rows read to decide a write of the same transaction: none on SQLite,
 * whose writer runs one transaction at a time; `mode` on PostgreSQL, where they run side by side.
 */
export function lockRows<M extends RowLockMode>(em: EntityManager, mode: M): { mode: M } | undefined {
  return isPostgres(em) ? { mode } : undefined;
}

/**
 * Makes transactions taking the same `key` run one after another (PostgreSQL: an advisory lock held
 * until this one ends; SQLite writes one transaction at a time), for a check-then-write no unique
 * constraint can guard, such as "the table is empty".
 */
export async function lockTransaction(em: EntityManager, key: number): Promise<void> {
  if (isPostgres(em)) await em.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

/**
 * Whether `error` is a unique-index violation: PostgreSQL names the constraint (SQLSTATE 23505),
 * SQLite only the table and columns in its message.
 */
export function isUniqueViolation(error: unknown, constraint: string, table: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string; message?: string } }
  ).driverError;
  if (driver?.code === '23505') return driver.constraint === constraint;
  return (driver?.message ?? error.message).includes(`UNIQUE constraint failed: ${table}.`);
}
