import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresGroupCommit } from './postgres/group-commit';
import { PostgresIdBlocks } from './postgres/id-blocks';
import { namedStatementReader } from './postgres/named-statements';
import { PostgresReadBatches } from './postgres/read-batches';
import { SqliteSerialWriter } from './sqlite/serial-writer';
import { numbered, Reads, WriteSet } from './write-set';

/**
 * A write: reads and writes through `manager` (TypeORM) and records rows in `writes`, which are
 * inserted when it returns, in the same transaction. A deferred write (DatabaseWriter.deferred) must
 * not write through `manager`: `writes` is its only way to write.
 */
export type WriteTask<T> = (manager: EntityManager, writes: WriteSet) => Promise<T>;

/**
 * Every write in the tracker goes through here; each resolves once it is committed, and a write that
 * throws has changed nothing.
 *
 * - `transaction`: an ordinary transaction. On SQLite, which has one connection, writes are
 *   serialized and share commits (SqliteSerialWriter); on PostgreSQL each runs in a pooled
 *   connection's transaction of its own.
 * - `deferred`: for the writes that come by the thousand (station visits and incidents): the write
 *   only reads and records its rows; the rows of the writes that finish meanwhile are committed
 *   together (on PostgreSQL: PostgresGroupCommit).
 *
 * docs/write-path.md tells why, with the measurements.
 */
@Injectable()
export class DatabaseWriter {
  private readonly sqlite: SqliteSerialWriter | null;
  private readonly pgIds = new PostgresIdBlocks();
  private readonly pgCommits: PostgresGroupCommit;
  private readonly pgReads: PostgresReadBatches;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'sqlite' ? new SqliteSerialWriter(dataSource) : null;
    this.pgCommits = new PostgresGroupCommit(dataSource);
    this.pgReads = new PostgresReadBatches(dataSource, namedStatementReader(dataSource));
  }

  /**
   * Reads for work done beside the writes (a background re-check), with the `$n` parameters of
   * WriteSet.read: each statement on its own, no transaction held, so queued writes are not kept waiting.
   */
  readonly reads: Reads = {
    read: <T>(sql: string, params: unknown[]) =>
      this.dataSource.query<T[]>(numbered(sql, this.dataSource.options.type === 'postgres'), params),
  };

  /** Runs `task` in a transaction; resolves once it is committed, rolls it back when it throws. */
  transaction<T>(task: WriteTask<T>): Promise<T> {
    if (this.sqlite) return this.sqlite.enqueue(task, false);
    return this.dataSource.transaction(async (manager) => {
      const writes = new WriteSet(manager, this.pgIds.allocate);
      const value = await task(manager, writes);
      await writes.flush();
      return value;
    });
  }

  /**
   * Runs a write that only reads, then its recorded rows, atomically; resolves once committed. On
   * PostgreSQL it reads without a transaction: under READ COMMITTED, PostgreSQL's default, each
   * statement of a transaction sees what was committed when it started anyway, and a clash the
   * checks cannot see (a twin's Idempotency-Key) fails the shared commit on the unique index.
   */
  async deferred<T>(task: WriteTask<T>): Promise<T> {
    if (this.sqlite) return this.sqlite.enqueue(task, true);
    const writes = new WriteSet(this.dataSource.manager, this.pgIds.allocate, this.pgReads.read);
    const value = await task(this.dataSource.manager, writes);
    if (!writes.isEmpty) await this.pgCommits.write(writes);
    return value;
  }

  /**
   * Lets the queued writes finish and frees SQLite's prepared statements. DatabaseModule calls it at
   * shutdown, before TypeORM's module closes the DataSource.
   */
  async close(): Promise<void> {
    await this.sqlite?.close();
  }

  /** Writes waiting or running (for health and benchmarks). */
  get queued(): number {
    return this.sqlite?.queued ?? 0;
  }
}
