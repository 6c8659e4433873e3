import { EntityManager } from 'typeorm';
import type { BatchStatement } from '../write-batches';

const ROWS_PER_STATEMENT = 5000;

/**
 * INSERT ... SELECT FROM unnest(one array per column): as many parameters as columns whatever the
 * batch size, and a plan made once per batch rather than for thousands of placeholders.
 */
export async function writeUnnestBatches<T>(
  em: EntityManager,
  { metadata, columns, insert, onConflict, values, onBatch }: BatchStatement<T>,
  rows: readonly T[],
): Promise<void> {
  const arrays = columns.map((name, i) => {
    const column = metadata.findColumnWithDatabaseName(name)!;
    // An enum column's array is of the enum type its migration created, named as TypeORM names it.
    const isEnum = column.type === 'enum' || column.type === 'simple-enum';
    const type = isEnum
      ? `"${column.enumName ?? `${metadata.tableName}_${name}_enum`}"`
      : em.connection.driver.normalizeType(column);
    return `$${i + 1}::${type}[]`;
  });
  const sql = `${insert}SELECT * FROM unnest(${arrays.join(', ')})${onConflict}`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[][] = columns.map(() => new Array<unknown>(batch.length));
    batch.forEach((row, r) => values(row).forEach((value, c) => (params[c][r] = value)));
    await em.query(sql, params);
    onBatch?.(batch.length);
  }
}
