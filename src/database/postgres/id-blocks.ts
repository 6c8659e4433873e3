import type { IdAllocator } from '../write-set';

/** Ids taken from a PostgreSQL sequence in one round trip. */
const PG_ID_BLOCK = 64;

/**
 * PostgreSQL: ids taken from each table's sequence a block at a time and handed out from memory,
 * so that rows written together can reference each other before they are inserted. A sequence is
 * outside transactions: an id is never given twice, by this instance or another, and the ones a
 * stopped process never used are gaps, as a rolled-back insert leaves.
 */
export class PostgresIdBlocks {
  private readonly free = new Map<string, number[]>();
  private readonly refills = new Map<string, Promise<void>>();

  /**
   * The block is read through the asker's EntityManager: a transaction's own connection when it
   * runs in one (asking the pool for another could wait for ever once every pooled connection is
   * held by a transaction waiting for ids); the pool, for a deferred write, which holds none.
   */
  readonly allocate: IdAllocator = async (em, table) => {
    for (;;) {
      const id = this.free.get(table)?.shift();
      if (id !== undefined) return id;
      const pending = this.refills.get(table);
      if (pending) {
        // Another transaction's refill: should it fail (its transaction broke), try with ours.
        await pending.catch(() => undefined);
        continue;
      }
      const refill = this.refill(em, table).finally(() => this.refills.delete(table));
      this.refills.set(table, refill);
      await refill;
    }
  };

  private async refill(em: Parameters<IdAllocator>[0], table: string): Promise<void> {
    const rows = await em.query<{ id: string | number }[]>(
      `SELECT nextval(pg_get_serial_sequence($1, 'id')) AS "id" FROM generate_series(1, $2)`,
      [`"${table}"`, PG_ID_BLOCK],
    );
    const free = this.free.get(table) ?? [];
    free.push(...rows.map((r) => Number(r.id)));
    this.free.set(table, free);
  }
}
