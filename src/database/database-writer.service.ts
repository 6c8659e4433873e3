import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type WriteWork<T> = (manager: EntityManager) => Promise<T>;

/**
 * Every write in the tracker goes through `transaction()`.
 *
 * TypeORM 0.3 keeps ONE connection for SQLite. Two transactions started from two requests would
 * run on that same connection, so their statements interleave and a ROLLBACK issued by one
 * request undoes the other's writes too. On SQLite this class therefore runs transactions one at
 * a time, in arrival order (a promise-chain mutex). PostgreSQL gives each transaction its own
 * pooled connection, so there the work runs concurrently and the database isolates it.
 */
@Injectable()
export class DatabaseWriter {
  private readonly serialize: boolean;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'sqlite';
  }

  /** Runs `work` in a transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: WriteWork<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    this.pending++;
    const run = this.tail.then(() => this.dataSource.transaction(work));
    // The chain must go on whatever this transaction's outcome is.
    this.tail = run.then(
      () => this.pending--,
      () => this.pending--,
    );
    return run;
  }

  /** Transactions waiting or running (for health and benchmarks). */
  get queued(): number {
    return this.pending;
  }
}
