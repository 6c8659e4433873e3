import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import { IdAllocator, WriteSet } from '../write-set';

interface Waiting {
  writes: WriteSet;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/**
 * At most this many writes' rows share one commit. A station visit binds about 120 parameters, so a
 * full batch still fits one statement (WriteSet's limit is 30,000); past it the batch takes a
 * transaction of several statements, which is as atomic.
 */
const MAX_BATCH = 200;

/**
 * PostgreSQL group commit for deferred writes (DatabaseWriter.deferred): the rows of the writes
 * that finished their reads while the previous commit was on its way to disk are written together,
 * in one statement and one commit.
 *
 * A station visit's rows (the event, 12 answers, the audit entry, the idempotency record) cost
 * PostgreSQL several times more CPU as a statement and commit of their own than when ten visits
 * share one (figures: docs/write-path.md). On a machine where PostgreSQL
 * shares the cores with the tracker, that CPU is what bounds ingest, not the WAL's fsync, which
 * PostgreSQL already shares between concurrent commits.
 *
 * Each caller's promise settles after the commit that holds its rows, so an acknowledged write is on
 * disk (synchronous_commit on). Should PostgreSQL refuse the shared commit (a twin's Idempotency-Key
 * on the unique index, a station deleted meanwhile), nothing of it is written, and its writes are
 * written again one at a time: only the culprit fails, with its own error.
 */
export class PostgresGroupCommit {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  /**
   * The connection the commits go through, kept between them: taking one from the pool for each
   * commit waited behind the reads of the requests in flight, while every other visit waited for
   * that commit.
   */
  private held: QueryRunner | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once `writes` are committed; rejects with the error their own rows caused. */
  write(writes: WriteSet): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ writes, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.writeBatch(this.waiting.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  /** Never throws: every promise of the batch is settled here. */
  private async writeBatch(batch: Waiting[]): Promise<void> {
    const shared = await this.attempt(batch.map((item) => item.writes));
    if (shared === null) {
      for (const item of batch) item.resolve();
      return;
    }
    // Without PostgreSQL's word that the statement failed (the connection broke), it may have
    // committed: writing them again could store them twice, so each caller gets the error and
    // decides (a re-send with its Idempotency-Key is replayed if the rows are there).
    if (batch.length === 1 || !refusedByServer(shared)) {
      for (const item of batch) item.reject(shared);
      return;
    }
    for (const item of batch) {
      const own = await this.attempt([item.writes]);
      if (own === null) item.resolve();
      else item.reject(own);
    }
  }

  /** Writes `sets` atomically on the held connection; the error, or null once committed. */
  private async attempt(sets: WriteSet[]): Promise<unknown> {
    const runner = this.connection();
    try {
      await writeAtomically(runner, sets);
      return null;
    } catch (error) {
      // Still in a transaction means the rollback failed too: the connection broke, so the next
      // commit takes a fresh one.
      if (runner.isTransactionActive) this.drop(runner);
      return error ?? new Error('write failed');
    }
  }

  /** The held connection, or a new one when there is none or it was released (it broke). */
  private connection(): QueryRunner {
    if (!this.held || this.held.isReleased) this.held = this.dataSource.createQueryRunner();
    return this.held;
  }

  /** The pool closes a broken connection when it comes back (see onPooledConnection). */
  private drop(runner: QueryRunner): void {
    if (this.held === runner) this.held = null;
    void runner.release().catch(() => undefined);
  }
}

/**
 * Whether PostgreSQL replied that the statement failed, so that nothing of it was committed: an
 * ERROR with its SQLSTATE. A broken connection (a socket error) or a FATAL that ends the session
 * (an administrator's termination may come after the commit reached the disk) leaves that unknown.
 */
function refusedByServer(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = (error as QueryFailedError & { driverError?: { code?: unknown; severity?: unknown } }).driverError;
  return driver?.severity === 'ERROR' && typeof driver.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code);
}

/** The sets' rows were given their ids when they were recorded. */
const noNewIds: IdAllocator = () => Promise.reject(new Error('a shared commit takes no new ids'));

/**
 * The rows of `sets` in one statement when they fit one (atomic by itself: a transaction around it
 * would cost two round trips more), otherwise in a transaction.
 */
async function writeAtomically(runner: QueryRunner, sets: readonly WriteSet[]): Promise<void> {
  const writes = new WriteSet(runner.manager, noNewIds);
  for (const set of sets) set.copyInto(writes);
  if (writes.isEmpty) return;
  if (writes.flushesInOneStatement) {
    await writes.flush();
    return;
  }
  await runner.startTransaction();
  try {
    await writes.flush();
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}
