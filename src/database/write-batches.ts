import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { writeUnnestBatches } from './postgres/unnest-batches';
import { writePreparedBatches } from './sqlite/prepared-batches';

/** A bulk write as each engine's writer takes it. */
export interface BatchStatement<T> {
  metadata: EntityMetadata;
  /** Column names, in the order of each row's values. */
  columns: readonly string[];
  /** `INSERT INTO "table" ("a", "b") `, to which the engine adds its rows. */
  insert: string;
  /** The upsert's ON CONFLICT clause, or ''. */
  onConflict: string;
  values: (row: T) => unknown[];
  onBatch?: (written: number) => void;
}

export interface BatchWrite<T> {
  columns: readonly string[];
  /** A row's values in the order of `columns`, as the columns store them (called batch by batch). */
  values: (row: T) => unknown[];
  /**
   * Makes the write an upsert: a row whose unique key is taken replaces that row's other columns and
   * bumps its version. Without it, rows are only inserted.
   */
  upsertKey?: readonly string[];
  /** Called after each batch with the number of rows it wrote (a progress bar). */
  onBatch?: (written: number) => void;
}

/**
 * Writes `rows` into `entity`'s table within the caller's transaction, in large batches, by the fastest means each engine offers
 * (figures: docs/write-path.md).
 */
export async function writeBatches<T>(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: readonly T[],
  { columns, upsertKey, values, onBatch }: BatchWrite<T>,
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = em.connection.options.type === 'postgres';
  const metadata = em.connection.getMetadata(entity);
  const table = `"${metadata.tableName}"`;
  const quote = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
  const set = columns.filter((c) => !upsertKey?.includes(c)).map((c) => `"${c}" = excluded."${c}"`);
  const onConflict = upsertKey
    ? ` ON CONFLICT (${quote(upsertKey)}) DO UPDATE SET ${set.join(', ')}, "version" = ${table}."version" + 1, ` +
      `"updatedAt" = ${postgres ? 'now()' : "datetime('now')"}`
    : '';
  const statement = {
    metadata,
    columns,
    insert: `INSERT INTO ${table} (${quote(columns)}) `,
    onConflict,
    values,
    onBatch,
  };
  await (postgres ? writeUnnestBatches(em, statement, rows) : writePreparedBatches(em, statement, rows));
}
