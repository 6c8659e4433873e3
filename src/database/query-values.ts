import { EntityManager } from 'typeorm';
import { sqliteDatetime } from './sqlite/values';

/**
 * An instant as a query parameter that compares right with a stored timestamp column: SQLite keeps
 * instants as UTC text (and its driver would bind a Date as a number), PostgreSQL as timestamps.
 */
export function instantParam(em: EntityManager, instant: Date): string | Date {
  return em.connection.options.type === 'sqlite' ? sqliteDatetime(instant) : instant;
}
