import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { writeUnnestBatches } from './postgres/unnest-batches';
import { writePreparedBatches } from './sqlite/prepared-batches';

export interface BatchWrite<T> {
  columns: readonly string[];
  /** A row's values in the order of `columns`, as the columns store them (called batch by batch). */
  values: (row: T) => unknown[];
  /** Makes it an upsert: a row whose unique key is taken replaces that row's columns, its version bumped. */
  upsertKey?: readonly string[];
  /** Called after each batch with the number of rows it wrote (a progress bar). */
  onBatch?: (written: number) => void;
}

/** A bulk write as each engine takes it: the statement's start and end, the engine adds the rows. */
export type BatchStatement<T> = BatchWrite<T> & { metadata: EntityMetadata; insert: string; onConflict: string };

/**
 * Writes `rows` into `entity`'s table within the caller's transaction, in large batches, by the
 * fastest means each engine offers (figures: docs/write-path.md).
 */
export async function writeBatches<T>(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: readonly T[],
  write: BatchWrite<T>,
): Promise<void> {
  if (rows.length === 0) return;
  const { columns, upsertKey } = write;
  const postgres = em.connection.options.type === 'postgres';
  const metadata = em.connection.getMetadata(entity);
  const table = `"${metadata.tableName}"`;
  const quote = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
  const set = columns.filter((c) => !upsertKey?.includes(c)).map((c) => `"${c}" = excluded."${c}"`);
  const onConflict = upsertKey
    ? ` ON CONFLICT (${quote(upsertKey)}) DO UPDATE SET ${set.join(', ')}, "version" = ${table}."version" + 1, ` +
      `"updatedAt" = ${postgres ? 'now()' : "datetime('now')"}`
    : '';
  const statement = { ...write, metadata, insert: `INSERT INTO ${table} (${quote(columns)}) `, onConflict };
  await (postgres ? writeUnnestBatches(em, statement, rows) : writePreparedBatches(em, statement, rows));
}
