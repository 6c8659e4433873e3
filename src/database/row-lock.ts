import { EntityManager } from 'typeorm';

/**
 * The lock option for a `findOne` that reads a row in order to change it: on PostgreSQL the row is
 * locked until the transaction ends, so two writers sending the same version cannot both win;
 * SQLite has no row locks and needs none, as it runs one write transaction at a time.
 */
export function rowLock(em: EntityManager): { mode: 'pessimistic_write' } | undefined {
  return em.connection.options.type === 'postgres' ? { mode: 'pessimistic_write' } : undefined;
}
