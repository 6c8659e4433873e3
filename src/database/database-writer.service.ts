import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { PostgresGroupCommit } from './postgres-group-commit';
import { namedStatementReader } from './postgres-named-statements';
import { PostgresReadBatches } from './postgres-read-batches';
import { PreparedStatements } from './prepared-statements';
import { PostgresIdBlocks, Reader, SqliteIdCounter, WriteSet } from './write-set';

export type WriteWork<T> = (manager: EntityManager) => Promise<T>;

/**
 * A work that reads through `writes.read` / the manager and records its writes in `writes`
 * instead of running them; it must not write through the manager.
 */
export type DeferredWork<T> = (manager: EntityManager, writes: WriteSet) => Promise<T>;

interface QueuedWork {
  work: WriteWork<unknown> | null;
  deferred: DeferredWork<unknown> | null;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many works share one commit, which bounds what a batch adds to its first work's latency. */
const MAX_BATCH = 256;

/**
 * Prepared statements are finalized once no write has come for this long. Finalizing whenever
 * the queue ran dry, as before, meant re-preparing every statement for nearly every batch at a
 * steady few hundred writes per second (a prepare is one more trip through the thread pool).
 */
const STATEMENTS_IDLE_MS = 1000;

/** Two per transaction level left open (a rollback, and one more once reopened), for a deep nesting. */
const MAX_ROLLBACK_ATTEMPTS = 64;

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
 * Deferred works (`deferred()`) go further: they only read, and leave their writes in a WriteSet;
 * the batch runs them without savepoints (a work that throws wrote nothing) and writes all their
 * rows at the end with one multi-row INSERT per table. A plain work in the same batch first gets
 * the pending rows written, so it reads them. Should the batch's writes fail, which checked input
 * should not make happen, its works are run again one batch each, so only the culprit fails.
 *
 * PostgreSQL gives each transaction its own pooled connection, so there a plain work runs
 * concurrently in a transaction of its own and the database isolates it; deferred works read
 * concurrently and share commits (see deferredOnPostgres).
 */
@Injectable()
export class DatabaseWriter {
  private readonly serialize: boolean;
  private readonly queue: QueuedWork[] = [];
  private draining = false;
  /** Called once the queue has run dry (see close). */
  private readonly onDrained: (() => void)[] = [];
  private running = 0;
  /** Kept while writes keep coming, finalized once idle (see PreparedStatements). */
  private readonly statements: PreparedStatements;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly pgIds: PostgresIdBlocks;
  private readonly pgCommits: PostgresGroupCommit;
  private readonly pgReader: Reader;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'sqlite';
    this.statements = new PreparedStatements(dataSource);
    this.pgIds = new PostgresIdBlocks();
    this.pgCommits = new PostgresGroupCommit(dataSource);
    this.pgReader = new PostgresReadBatches(dataSource, namedStatementReader(dataSource)).read;
  }

  /**
   * Lets the writes queued run, then finalizes the prepared statements: SQLite will not close a
   * connection with statements open, and the idle timer may not have fired. DatabaseModule calls it
   * at shutdown, before TypeORM's module closes the DataSource.
   */
  async close(): Promise<void> {
    if (!this.serialize) return;
    if (this.draining) await new Promise<void>((resolve) => this.onDrained.push(resolve));
    this.cancelIdleTimer();
    await this.statements.finalizeAll();
  }

  /** Runs `work` in a transaction; resolves once it is committed, rolls it back when it throws. */
  transaction<T>(work: WriteWork<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    return this.enqueue<T>({ work, deferred: null });
  }

  /** Runs a deferred work and then its writes, atomically; resolves once committed. */
  deferred<T>(work: DeferredWork<T>): Promise<T> {
    if (!this.serialize) return this.deferredOnPostgres(work);
    return this.enqueue<T>({ work: null, deferred: work });
  }

  /**
   * PostgreSQL: the work reads without a transaction, each read a statement on a pooled connection
   * (shared with the same reads of concurrent works, PostgresReadBatches): in a READ COMMITTED
   * transaction, PostgreSQL's default, every statement sees what was committed when it started
   * anyway, and a clash the checks cannot see (a twin's Idempotency-Key) fails the write on the
   * unique index, writing nothing. Its rows are written together with those of the works that
   * finished meanwhile (PostgresGroupCommit).
   */
  private async deferredOnPostgres<T>(work: DeferredWork<T>): Promise<T> {
    const em = this.dataSource.manager;
    const writes = new WriteSet(em, { allocate: this.pgIds.allocate, reader: this.pgReader });
    const value = await work(em, writes);
    if (!writes.isEmpty) await this.pgCommits.write(writes);
    return value;
  }

  private enqueue<T>(item: Pick<QueuedWork, 'work' | 'deferred'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...item, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Transactions waiting or running (for health and benchmarks). */
  get queued(): number {
    return this.queue.length + this.running;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.cancelIdleTimer();
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
      this.idleTimer = null;
      // A finalize runs on the connection like any statement; a batch started meanwhile waits
      // its turn there and prepares what it needs afresh.
      if (!this.draining) void this.statements.finalizeAll();
    }, STATEMENTS_IDLE_MS);
    this.idleTimer.unref();
  }

  private cancelIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async runBatch(batch: QueuedWork[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const ids = new SqliteIdCounter((sql, params) => this.statements.all(sql, params));
    const pending = new WriteSet(runner.manager, {
      allocate: ids.allocate,
      reader: (sql, params) => this.statements.all(sql, params),
    });
    const outcomes: Outcome[] = [];
    let begun = false;
    try {
      await runner.startTransaction();
      begun = true;
      for (let i = 0; i < batch.length;) {
        if (batch[i].deferred) {
          // Deferred works only read until the batch writes their rows, so a run of them goes
          // at once: their reads wait on the thread pool together instead of one after another.
          let end = i;
          while (end < batch.length && batch[end].deferred) end++;
          const group = batch.slice(i, end);
          outcomes.push(...(await Promise.all(group.map((item) => this.runDeferred(pending, item.deferred!)))));
          i = end;
        } else {
          // A plain work reads and writes the tables directly: give it the rows so far, and
          // count ids afresh after it, as it may have inserted some.
          await pending.flush();
          outcomes.push(await this.runInSavepoint(runner, batch[i].work!));
          ids.reset();
          i++;
        }
      }
      await pending.flush();
      await runner.commitTransaction();
    } catch (error) {
      // BEGIN, a savepoint statement, the pending writes or COMMIT failed: nothing of the batch
      // is on disk.
      await this.abandon(runner, begun);
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

  /**
   * Ends whatever is left of a failed batch through TypeORM's own rollback, down to depth 0: on
   * SQLite its one runner serves every later write. TypeORM counts depth only for statements that
   * succeed, and SQLite may have ended the transaction itself (disk full, an I/O error, a work's
   * stray ROLLBACK): then TypeORM's ROLLBACK, or ROLLBACK TO its savepoint, fails, and reopening
   * what that statement names lets it through. A failed BEGIN leaves TypeORM's transaction marked
   * active at depth 0: end SQLite's, then open one TypeORM counts and roll it back.
   */
  private async abandon(runner: QueryRunner, begun: boolean): Promise<void> {
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

  /** A deferred work's writes join the batch's only if it succeeds: one that throws wrote nothing. */
  private async runDeferred(pending: WriteSet, work: DeferredWork<unknown>): Promise<Outcome> {
    const own = pending.fork();
    try {
      const value = await work(own.em, own);
      own.moveInto(pending);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    }
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
