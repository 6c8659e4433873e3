import { Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DatabaseWriter, WriteSet, WriteTask } from '../../database';
import { Caller } from '../request-context';
import { IdempotencyContext } from './idempotency-context';
import { hashRequest, IDEMPOTENCY_TTL_MS } from './idempotency-key';
import { IdempotencyRecord } from './idempotency-record.entity';
import { IdempotencyStore, NewRecord } from './idempotency.store';

export interface IdempotentRequest {
  scope: string;
  key: string;
  /** Everything that makes the request what it is (body and query); only its hash is kept. */
  requestBody: unknown;
}

export interface IdempotentOutcome<T> {
  status: number;
  /** On a replay, the first answer as it was sent (JSON: dates are strings). */
  body: T;
  replayed: boolean;
}

/** The parts of a stored (or pending) record a replay is built from. */
type Remembered = Pick<IdempotencyRecord, 'requestHash' | 'responseStatus' | 'responseBody'>;

/** The first answer again, or 422 when the key came with another request. */
function replay<T>(remembered: Remembered, requestHash: string): IdempotentOutcome<T> {
  if (remembered.requestHash !== requestHash) {
    throw new UnprocessableEntityException(
      'Idempotency-Key reused with a different body; use a new key for a new request',
    );
  }
  return {
    status: remembered.responseStatus,
    body: JSON.parse(remembered.responseBody) as T,
    replayed: true,
  };
}

const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Makes a write safe to re-send. The remembered answer is written in the write's own transaction,
 * so either both the rows and the answer are committed or neither is: a request acknowledged once
 * is never lost, and a re-send after a crash between the two cannot store the rows twice.
 *
 * Errors are not remembered: a refused request wrote nothing, so sending it again (fixed or not)
 * is harmless.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private nextPurgeAt = 0;

  constructor(
    private readonly writer: DatabaseWriter,
    private readonly store: IdempotencyStore,
  ) {}

  /**
   * For services behind an `@Idempotent()` route: `task` in a write transaction, made idempotent
   * when the HTTP request carries an Idempotency-Key (a plain transaction otherwise, e.g. the CLI).
   * `status` is the status a first success replies with.
   */
  async transaction<T>(caller: Caller, status: number, task: WriteTask<T>): Promise<T> {
    return this.settle(caller, (request) => this.execute(request, status, task));
  }

  /** `transaction`'s outcome: the task's, or the replay of the key's first answer. */
  execute<T>(request: IdempotentRequest | null, status: number, task: WriteTask<T>): Promise<IdempotentOutcome<T>> {
    return this.once(request, status, task, (requestHash) =>
      this.writer.transaction((em, writes) => this.claimedFirst(em, writes, request!, requestHash, status, task)),
    );
  }

  /**
   * `transaction` for a deferred write (DatabaseWriter.deferred): the key's stored answer is read
   * first, and the new answer recorded with the write's rows. Two copies in flight at once both
   * record the key: the second fails on its unique index when the rows are written, which writes
   * nothing of it, and then gets the first one's replay. So only for writes whose own
   * rows cannot clash with a twin's (nothing unique but the new id).
   */
  async deferred<T>(caller: Caller, status: number, task: WriteTask<T>): Promise<T> {
    return this.settle(caller, (request) =>
      this.once(request, status, task, (requestHash) =>
        this.writer.deferred((em, writes) => this.readFirst(em, writes, request!, requestHash, status, task)),
      ),
    );
  }

  /** Runs the write for the caller's request and hands its outcome to the route's guard. */
  private async settle<T>(
    caller: Caller,
    run: (request: IdempotentRequest | null) => Promise<IdempotentOutcome<T>>,
  ): Promise<T> {
    const state = IdempotencyContext.of(caller);
    const outcome = await run(state?.request ?? null);
    if (state) IdempotencyContext.settle(state, outcome);
    return outcome.body;
  }

  /** The bare task in a transaction when the request has no key; otherwise `keyed`, as an attempt. */
  private async once<T>(
    request: IdempotentRequest | null,
    status: number,
    task: WriteTask<T>,
    keyed: (requestHash: string) => Promise<IdempotentOutcome<T>>,
  ): Promise<IdempotentOutcome<T>> {
    if (!request) return { status, body: await this.writer.transaction(task), replayed: false };
    const requestHash = hashRequest(request.requestBody);
    return this.attempt(() => keyed(requestHash));
  }

  /**
   * Runs one idempotent attempt, and once more when a twin claimed the key meanwhile: the twin's
   * whole transaction is committed then, so the second attempt answers what it answered.
   */
  private async attempt<T>(run: () => Promise<IdempotentOutcome<T>>): Promise<IdempotentOutcome<T>> {
    let outcome: IdempotentOutcome<T>;
    try {
      outcome = await run();
    } catch (error) {
      if (!this.store.isKeyTaken(error)) throw error;
      outcome = await run();
    }
    if (!outcome.replayed) await this.purgeExpired();
    return outcome;
  }

  private async readFirst<T>(
    em: EntityManager,
    writes: WriteSet,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    task: WriteTask<T>,
  ): Promise<IdempotentOutcome<T>> {
    const now = new Date();
    const stored = await this.store.findInWrite(writes, request);
    if (stored && stored.expiresAt.getTime() > now.getTime()) return replay<T>(stored, requestHash);
    const body = await task(em, writes);
    this.store.recordInWrite(writes, newRecord(request, requestHash, status, now, body), stored !== null);
    return { status, body, replayed: false };
  }

  /**
   * Claims the key before the task: a concurrent twin then waits on the unique index (and replays)
   * instead of doing the task too and failing on whatever the task itself made unique.
   */
  private async claimedFirst<T>(
    em: EntityManager,
    writes: WriteSet,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    task: WriteTask<T>,
  ): Promise<IdempotentOutcome<T>> {
    const now = new Date();
    const record = newRecord(request, requestHash, status, now, null);
    if (!(await this.store.claim(em, record))) {
      const stored = await this.store.find(em, request);
      if (stored && stored.expiresAt.getTime() > now.getTime()) return replay<T>(stored, requestHash);
      // Should a twin take the key over meanwhile, this fails on the unique index and attempt()
      // replays the twin's answer.
      if (stored) await this.store.replace(em, stored, record);
    }
    const body = await task(em, writes);
    await this.store.saveBody(em, request, JSON.stringify(body ?? null));
    return { status, body, replayed: false };
  }

  /** Forgets answers older than the TTL; cheap on the expiresAt index, and done at most every few minutes. */
  private async purgeExpired(): Promise<void> {
    if (Date.now() < this.nextPurgeAt) return;
    this.nextPurgeAt = Date.now() + PURGE_EVERY_MS;
    try {
      await this.writer.transaction((em) => this.store.deleteExpired(em, new Date()));
    } catch (error) {
      // Housekeeping: the request it follows has succeeded and must answer so.
      this.logger.warn(`Could not purge expired idempotency records: ${String(error)}`);
    }
  }
}

function newRecord(
  request: IdempotentRequest,
  requestHash: string,
  status: number,
  now: Date,
  body: unknown,
): NewRecord {
  const { scope, key } = request;
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
  return { scope, key, requestHash, responseStatus: status, responseBody: JSON.stringify(body ?? null), expiresAt };
}
