import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import type { WriteTask } from '../database-writer.service';
import { Reader, WriteSet } from '../write-set';
import { SqliteIdCounter } from './id-counter';
import { PreparedStatements } from './prepared-statements';

interface Queued {
  task: WriteTask<unknown>;
  /** Only reads and records rows (DatabaseWriter.deferred): needs no savepoint. */
  deferred: boolean;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many writes share one commit, which bounds what a batch adds to its first write's latency. */
const MAX_BATCH = 256;

/**
 * Prepared statements are finalized once no write has come for this long: finalizing whenever the
 * queue ran dry meant preparing every statement afresh for nearly every batch at a steady few
 * hundred writes per second.
 */
const STATEMENTS_IDLE_MS = 1000;

/** Two per transaction level left open (a rollback, and one more once reopened), for a deep nesting. */
const MAX_ROLLBACK_ATTEMPTS = 64;

/**
 * SQLite's writer. TypeORM keeps ONE connection for SQLite: two transactions from two requests would
 * interleave on it, and a ROLLBACK issued by one would undo the other's writes. So writes run one
 * batch at a time, in arrival order.
 *
 * Group commit: with `synchronous=FULL` each COMMIT waits for an fsync, and that wait bounds how many
 * commits per second one connection makes. The writes that queued up while the previous commit was
 * on disk share ONE transaction. A plain write runs in a SAVEPOINT of its own, so one that throws is
 * rolled back alone. Deferred writes run concurrently without savepoints (they only read until the
 * batch inserts their rows, one statement per table). Each caller gets its reply after the batch's
 * COMMIT returned; should the batch fail as a whole, its writes run again one batch each, so only
 * the culprit fails.
 */
export class SqliteSerialWriter {
  private readonly queue: Queued[] = [];
  private draining = false;
  /** Called once the queue has run dry (see close). */
  private readonly onDrained: (() => void)[] = [];
  private running = 0;
  private readonly statements: PreparedStatements;
  private readonly read: Reader;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.statements = new PreparedStatements(dataSource);
    this.read = (sql, params) => this.statements.all(sql, params);
  }

  enqueue<T>(task: WriteTask<T>, deferred: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, deferred, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Writes waiting or running. */
  get queued(): number {
    return this.queue.length + this.running;
  }

  /** Lets the queued writes run, then finalizes the prepared statements (SQLite will not close with them open). */
  async close(): Promise<void> {
    if (this.draining) await new Promise<void>((resolve) => this.onDrained.push(resolve));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.statements.finalizeAll();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.running = batch.length;
        await this.runBatch(batch);
        this.running = 0;
      }
    } finally {
      this.draining = false;
      for (const resolve of this.onDrained.splice(0)) resolve();
    }
    this.idleTimer = setTimeout(() => {
      // A finalize runs on the connection like any statement; a batch started meanwhile waits
      // its turn there and prepares what it needs afresh.
      if (!this.draining) void this.statements.finalizeAll();
    }, STATEMENTS_IDLE_MS);
    this.idleTimer.unref();
  }

  private async runBatch(batch: Queued[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const ids = new SqliteIdCounter(this.read);
    const pending = new WriteSet(runner.manager, ids.allocate, this.read);
    const outcomes: Outcome[] = [];
    let begun = false;
    try {
      await runner.startTransaction();
      begun = true;
      for (let i = 0; i < batch.length;) {
        if (batch[i].deferred) {
          // A run of deferred writes goes at once: their reads wait on the thread pool together.
          let end = i;
          while (end < batch.length && batch[end].deferred) end++;
          const group = batch.slice(i, end);
          outcomes.push(...(await Promise.all(group.map((item) => this.runDeferred(pending, ids, item.task)))));
          i = end;
        } else {
          // A plain write reads and writes the tables directly: give it the rows so far, and
          // count ids afresh after it, as it may have inserted some.
          await pending.flush();
          outcomes.push(await this.runInSavepoint(runner, batch[i].task));
          ids.reset();
          i++;
        }
      }
      await pending.flush();
      await runner.commitTransaction();
    } catch (error) {
      // BEGIN, a savepoint statement, the pending writes or COMMIT failed: nothing of the batch
      // is on disk.
      await abandon(runner, begun);
      await runner.release();
      if (batch.length > 1) {
        for (const item of batch) await this.runBatch([item]);
      } else {
        batch[0].reject(error);
      }
      return;
    }
    await runner.release();
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  /** A deferred write's rows join the batch's only if it succeeds: one that throws wrote nothing. */
  private async runDeferred(pending: WriteSet, ids: SqliteIdCounter, task: WriteTask<unknown>): Promise<Outcome> {
    const own = new WriteSet(pending.em, ids.allocate, this.read);
    try {
      const value = await task(own.em, own);
      own.copyInto(pending);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * A nested startTransaction is a SAVEPOINT in TypeORM; going through it (rather than issuing
   * SAVEPOINT by hand) keeps the runner's depth right for writes that open a transaction themselves.
   */
  private async runInSavepoint(runner: QueryRunner, task: WriteTask<unknown>): Promise<Outcome> {
    await runner.startTransaction();
    let outcome: Outcome;
    try {
      const writes = new WriteSet(runner.manager, new SqliteIdCounter(this.read).allocate, this.read);
      const value = await task(runner.manager, writes);
      await writes.flush();
      outcome = { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Outside the try: if undoing or keeping the write fails, the batch must fail as a whole.
    if (outcome.ok) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    return outcome;
  }
}

/**
 * Ends whatever is left of a failed batch through TypeORM's own rollback, down to depth 0: on
 * SQLite its one runner serves every later write. TypeORM counts depth only for statements that
 * succeed, and SQLite may have ended the transaction itself (disk full, an I/O error, a stray
 * ROLLBACK): then TypeORM's ROLLBACK, or ROLLBACK TO its savepoint, fails, and reopening what that
 * statement names lets it through. A failed BEGIN leaves TypeORM's transaction marked active at
 * depth 0: end SQLite's, then open one TypeORM counts and roll it back.
 */
async function abandon(runner: QueryRunner, begun: boolean): Promise<void> {
  try {
    if (!begun && runner.isTransactionActive) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.startTransaction();
    }
    for (let attempt = 0; runner.isTransactionActive; attempt++) {
      try {
        await runner.rollbackTransaction();
      } catch (error) {
        if (attempt >= MAX_ROLLBACK_ATTEMPTS) throw error;
        await runner.query('BEGIN').catch(() => undefined); // fails if SQLite still has it: fine
        const savepoint = error instanceof QueryFailedError && /^ROLLBACK TO SAVEPOINT (\w+)$/.exec(error.query);
        if (savepoint) await runner.query(`SAVEPOINT "${savepoint[1]}"`);
      }
    }
  } catch {
    // ROLLBACK itself keeps failing: the database is in trouble, and later batches fail too.
  }
}
