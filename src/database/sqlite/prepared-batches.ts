import type { Database, Statement } from 'sqlite3';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { BatchStatement } from '../write-batches';

/** 1,000 rows of a dozen columns stays well below SQLite's limit of 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Multi-row VALUES through one prepared statement reused for every full batch, which spares
 * compiling a statement of thousands of placeholders each time.
 */
export async function writePreparedBatches<T>(
  em: EntityManager,
  { columns, insert, onConflict, values, onBatch }: BatchStatement<T>,
  rows: readonly T[],
): Promise<void> {
  // The transaction's own connection (SQLite has one): statements prepared on it run inside the
  // transaction the caller opened.
  const db = (await em.queryRunner!.connect()) as Database;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  // Per batch size: every batch but the last is full, so mostly one statement.
  const prepared = new Map<number, { sql: string; statement: Statement }>();
  try {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
      let entry = prepared.get(batch.length);
      if (!entry) {
        const sql = `${insert}VALUES ${new Array(batch.length).fill(tuple).join(', ')}${onConflict}`;
        entry = { sql, statement: await prepare(db, sql) };
        prepared.set(batch.length, entry);
      }
      const { sql, statement } = entry;
      const params = batch.flatMap(values);
      await new Promise<void>((resolve, reject) =>
        statement.run(params, (error: Error | null) =>
          // Wrapped as TypeORM's own error so the database-error filter maps it like any other.
          error ? reject(new QueryFailedError(sql, params, error)) : resolve(),
        ),
      );
      onBatch?.(batch.length);
    }
  } finally {
    await Promise.all([...prepared.values()].map(({ statement }) => new Promise((r) => statement.finalize(r))));
  }
}

function prepare(db: Database, sql: string): Promise<Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });
}
