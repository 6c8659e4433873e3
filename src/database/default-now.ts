import { EntityManager } from 'typeorm';

/**
 * Now as a timestamp column's default stores it, for a row written with every column given:
 * PostgreSQL keeps milliseconds, SQLite's CURRENT_TIMESTAMP whole seconds (UTC).
 */
export function defaultNow(em: EntityManager): Date {
  const now = Date.now();
  return new Date(em.connection.options.type === 'postgres' ? now : now - (now % 1000));
}
