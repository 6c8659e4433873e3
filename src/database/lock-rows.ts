import { EntityManager } from 'typeorm';

type RowLockMode = 'pessimistic_write' | 'for_no_key_update';

/**
 * The lock (a find option) on rows read to decide a write of the same transaction: none on SQLite,
 * whose writer runs one transaction at a time; `mode` on PostgreSQL, where they run side by side.
 */
export function lockRows<M extends RowLockMode>(em: EntityManager, mode: M): { mode: M } | undefined {
  return em.connection.options.type === 'postgres' ? { mode } : undefined;
}
