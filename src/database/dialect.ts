import { EntityManager } from 'typeorm';

/** SQL whose text differs per engine, behind one function each so queries stay engine-neutral. */
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
