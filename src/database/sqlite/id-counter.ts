import type { IdAllocator, Reader } from '../write-set';

/**
 * SQLite, inside one transaction of the serialized writer: the first id of a table is read once
 * (AUTOINCREMENT never reuses an id, so past the larger of sqlite_sequence and the highest id), the
 * rest counted here, so that rows written together can reference each other. Valid while every
 * insert into those tables in the transaction goes through this counter; `reset()` after any other
 * write. Another process inserting meanwhile cannot make ids collide: SQLite refuses our first
 * write if the database changed after our first read.
 */
export class SqliteIdCounter {
  /** Per table: the first id of this transaction (read once) and how many were handed out. */
  private first = new Map<string, Promise<number>>();
  private taken = new Map<string, number>();

  /** `reader`: how the first id is read (the writer's prepared statements); default the manager. */
  constructor(private readonly reader?: Reader) {}

  /** Safe for concurrent callers: each takes its offset before it waits for the first id. */
  readonly allocate: IdAllocator = async (em, table) => {
    const offset = this.taken.get(table) ?? 0;
    this.taken.set(table, offset + 1);
    let first = this.first.get(table);
    if (!first) {
      const sql = `SELECT max(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = ?), 0),
                    COALESCE((SELECT max("id") FROM "${table}"), 0)) AS "last"`;
      first = (this.reader ? this.reader(sql, [table]) : em.query<Record<string, unknown>[]>(sql, [table])).then(
        ([row]) => Number(row.last) + 1,
      );
      this.first.set(table, first);
    }
    return (await first) + offset;
  };

  reset(): void {
    this.first = new Map();
    this.taken = new Map();
  }
}
