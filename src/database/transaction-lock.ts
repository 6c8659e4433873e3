import { EntityManager } from 'typeorm';

/**
 * Makes transactions taking the same `key` run one after another (PostgreSQL: an advisory lock held
 * until this one ends; SQLite writes one transaction at a time), for a check-then-write no unique
 * constraint can guard, such as "the table is empty".
 */
export async function lockTransaction(em: EntityManager, key: number): Promise<void> {
  if (em.connection.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
