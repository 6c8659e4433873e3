import { EntityManager } from 'typeorm';

/** For a findOne that reads a row to change it: PostgreSQL locks the row; SQLite writes one transaction at a time. */
export function rowLock(em: EntityManager): { mode: 'pessimistic_write' } | undefined {
  return em.connection.options.type === 'postgres' ? { mode: 'pessimistic_write' } : undefined;
}
