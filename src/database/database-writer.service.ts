import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type WriteWork<T> = (manager: EntityManager) => Promise<T>;

interface QueuedWork {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many works share one commit, which bounds what a batch adds to its first work's latency. */
const MAX_BATCH = 256;

/**
 * Every write in the tracker goes through `transaction()`.
 *
 * TypeORM 0.3 keeps ONE connection for SQLite. Two transactions started from two requests would
 * run on that same connection, so their statements interleave and a ROLLBACK issued by one
 * request undoes the other's writes too. On SQLite this class therefore runs works one at a time,
 * in arrival order.
 *
 * Group commit: with `synchronous=FULL` each COMMIT waits for an fsync, and that wait, not the SQL,
 * bounds how many writes per second one connection makes. So the works that queued up while the
 * previous commit was on disk run together in ONE transaction, each inside a SAVEPOINT of its own:
 * a work that throws is rolled back to its savepoint alone and the others in the batch keep their
 * writes. Each caller's promise settles only after the batch's COMMIT returned, so a resolved
 * write is on disk; if the COMMIT itself fails, every work of the batch is rejected.
 *
 * PostgreSQL gives each transaction its own pooled connection, so there the work runs concurrently
 * in a transaction of its own and the database isolates it.
 */
@Injectable()
export class DatabaseWriter {
  private readonly serialize: boolean;
  private readonly queue: QueuedWork[] = [];
  private draining = false;
  private running = 0;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'sqlite';
  }

  /** Runs `work` in a transaction; resolves once it is committed, rolls it back when it throws. */
  transaction<T>(work: WriteWork<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Transactions waiting or running (for health and benchmarks). */
  get queued(): number {
    return this.queue.length + this.running;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.running = batch.length;
        await this.runBatch(batch);
        this.running = 0;
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: QueuedWork[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      await runner.startTransaction();
      for (const item of batch) outcomes.push(await this.runInSavepoint(runner, item.work));
      await runner.commitTransaction();
    } catch (error) {
      // BEGIN, a savepoint statement or COMMIT failed: nothing of the batch is on disk.
      await this.abandon(runner);
      for (const item of batch) item.reject(error);
      return;
    } finally {
      await runner.release();
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  /**
   * Ends whatever is left of a failed batch. SQLite may already have rolled the transaction back
   * on its own (disk full, I/O error), which makes TypeORM's savepoint rollback fail and leaves its
   * bookkeeping mid-transaction; the runner is shared by every later write, so reset it.
   */
  private async abandon(runner: QueryRunner): Promise<void> {
    if (!runner.isTransactionActive) return;
    await runner.query('ROLLBACK').catch(() => undefined);
    const state = runner as unknown as { transactionDepth: number; isTransactionActive: boolean };
    state.transactionDepth = 0;
    state.isTransactionActive = false;
  }

  /**
   * A nested startTransaction is a SAVEPOINT in TypeORM; going through it (rather than issuing
   * SAVEPOINT by hand) keeps the runner's depth right for works that open a transaction themselves.
   */
  private async runInSavepoint(runner: QueryRunner, work: WriteWork<unknown>): Promise<Outcome> {
    await runner.startTransaction();
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await work(runner.manager) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Outside the try: if undoing or keeping the work fails, the batch must fail as a whole.
    if (outcome.ok) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    return outcome;
  }
}
