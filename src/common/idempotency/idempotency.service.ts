import { Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { DatabaseWriter, DeferredWork, WriteWork } from '../../database/database-writer.service';
import { WriteSet } from '../../database/write-set';
import { Caller } from '../request-context';
import { IdempotencyContext } from './idempotency-context';
import { hashRequest, IDEMPOTENCY_TTL_MS } from './idempotency-key';
import { IdempotencyRecord } from './idempotency-record.entity';

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

/** The parts of a stored (or pending) record a replay answers from. */
type Remembered = Pick<IdempotencyRecord, 'requestHash' | 'responseStatus' | 'responseBody'>;

/** Columns a record is written with by a deferred work; `id` and `createdAt` from the database. */
const RECORD_COLUMNS = ['scope', 'key', 'requestHash', 'responseStatus', 'responseBody', 'expiresAt'];

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

/** A key's stored answer, read with a deferred work's first read (WriteSet.lookUpWithNextRead). */
const STORED_ANSWER_COLUMNS = ['requestHash', 'responseStatus', 'responseBody', 'expiresAt'];
const STORED_ANSWER_SQL =
  `SELECT ${STORED_ANSWER_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "idempotency_records" ` +
  'WHERE "scope" = $1 AND "key" = $2';

/** Thrown into a deferred work's read when its key already has a live answer: the work stops. */
class KeyAnswered extends Error {
  constructor() {
    super('Idempotency-Key already answered; the stored answer is replayed');
  }
}

const UNIQUE_CONSTRAINT = 'UQ_idempotency_records_scope_key';
const PURGE_EVERY_MS = 10 * 60 * 1000;

/** A twin request claimed the same key first (PostgreSQL: our insert waited for its commit). */
function isKeyClaimedMeanwhile(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string; message?: string } }
  ).driverError;
  if (driver?.code === '23505') return driver.constraint === UNIQUE_CONSTRAINT;
  return /UNIQUE constraint failed: idempotency_records\./.test(driver?.message ?? error.message);
}

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

  constructor(private readonly writer: DatabaseWriter) {}

  /**
   * For services behind an `@Idempotent()` route: `work` in a write transaction, made idempotent
   * when the HTTP request carries an Idempotency-Key (a plain transaction otherwise, e.g. the CLI).
   * `status` is the status a first success answers with.
   */
  async transaction<T>(caller: Caller, status: number, work: WriteWork<T>): Promise<T> {
    const state = IdempotencyContext.of(caller);
    const outcome = await this.execute(state?.request ?? null, status, work);
    if (state) IdempotencyContext.settle(state, outcome);
    return outcome.body;
  }

  /**
   * `transaction` for a deferred work (DatabaseWriter.deferred): the key's stored answer is read
   * in the same statement as the work's first read (a live one is replayed and the work stopped),
   * and the new answer written with the work's rows. A twin in the same SQLite batch finds the
   * key in the batch's pending writes; a concurrent twin on PostgreSQL fails on the unique index
   * when it writes the record, which rolls back its rows too, and is answered with the replay.
   * Only for works whose own rows cannot clash with a twin's (nothing unique but the new id).
   */
  async deferred<T>(caller: Caller, status: number, work: DeferredWork<T>): Promise<T> {
    const state = IdempotencyContext.of(caller);
    const request = state?.request ?? null;
    let outcome: IdempotentOutcome<T>;
    if (!request) {
      outcome = { status, body: await this.writer.deferred(work), replayed: false };
    } else {
      const requestHash = hashRequest(request.requestBody);
      outcome = await this.attempt(() =>
        this.writer.deferred((_em, writes) => this.onceDeferred(writes, request, requestHash, status, work)),
      );
    }
    if (state) IdempotencyContext.settle(state, outcome);
    return outcome.body;
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
      if (!isKeyClaimedMeanwhile(error)) throw error;
      outcome = await run();
    }
    if (!outcome.replayed) await this.purgeExpired();
    return outcome;
  }

  private async onceDeferred<T>(
    writes: WriteSet,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    work: DeferredWork<T>,
  ): Promise<IdempotentOutcome<T>> {
    // The works of a SQLite batch run concurrently: a twin there waits for the first to finish
    // and replays its answer (or, if the first failed, goes on itself).
    const slot = `idempotency:${request.scope}\u0000${request.key}`;
    const earlier = writes.shared.get(slot) as Promise<Remembered | null> | undefined;
    const first = earlier ? await earlier : null;
    if (first) return replay<T>(first, requestHash);
    let settle!: (remembered: Remembered | null) => void;
    writes.shared.set(slot, new Promise<Remembered | null>((resolve) => (settle = resolve)));
    try {
      const outcome = await this.firstOrReplay(writes, request, requestHash, status, work);
      settle(outcome.remembered);
      return outcome.outcome;
    } catch (error) {
      settle(null);
      throw error;
    }
  }

  private async firstOrReplay<T>(
    writes: WriteSet,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    work: DeferredWork<T>,
  ): Promise<{ outcome: IdempotentOutcome<T>; remembered: Remembered }> {
    const now = new Date();
    // The work writes into a set of its own, kept only if the key has no answer yet.
    const own = writes.fork();
    let stored: Remembered | null = null;
    // The key's stored answer is read with the work's first read (on PostgreSQL in the same
    // statement, on SQLite just before it); a live one stops the work right there, before it goes
    // on with what it read.
    own.lookUpWithNextRead({
      sql: STORED_ANSWER_SQL,
      params: [request.scope, request.key],
      columns: STORED_ANSWER_COLUMNS,
      check: (row) => {
        if (!row) return;
        if (this.expiresAt(writes, row).getTime() > now.getTime()) {
          stored = {
            requestHash: row.requestHash as string,
            responseStatus: Number(row.responseStatus),
            responseBody: row.responseBody as string,
          };
          throw new KeyAnswered();
        }
        own.change('DELETE FROM "idempotency_records" WHERE "scope" = $1 AND "key" = $2', [request.scope, request.key]);
      },
    });
    let body: T;
    try {
      body = await work(own.em, own);
      await own.settleLookup();
    } catch (error) {
      if (!stored) throw error;
    }
    // Also when the work caught KeyAnswered and went on: its writes are dropped with `own`.
    if (stored) return { outcome: replay<T>(stored, requestHash), remembered: stored };
    const remembered: Remembered = { requestHash, responseStatus: status, responseBody: JSON.stringify(body! ?? null) };
    own.insert('idempotency_records', RECORD_COLUMNS, [
      request.scope,
      request.key,
      requestHash,
      status,
      remembered.responseBody,
      new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    ]);
    own.moveInto(writes);
    return { outcome: { status, body: body!, replayed: false }, remembered };
  }

  /** A stored record's expiry as the driver hydrates it (SQLite keeps text, PostgreSQL a timestamp). */
  private expiresAt(writes: WriteSet, row: Record<string, unknown>): Date {
    const connection = writes.em.connection;
    return connection.driver.prepareHydratedValue(
      row.expiresAt,
      connection.getMetadata(IdempotencyRecord).findColumnWithPropertyName('expiresAt')!,
    ) as Date;
  }

  async execute<T>(
    request: IdempotentRequest | null,
    status: number,
    work: WriteWork<T>,
  ): Promise<IdempotentOutcome<T>> {
    if (!request) return { status, body: await this.writer.transaction(work), replayed: false };
    const requestHash = hashRequest(request.requestBody);
    return this.attempt(() => this.writer.transaction((em) => this.once(em, request, requestHash, status, work)));
  }

  private async once<T>(
    em: EntityManager,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    work: WriteWork<T>,
  ): Promise<IdempotentOutcome<T>> {
    const now = new Date();
    // Claiming the key before the work makes a concurrent twin wait on the unique index (then
    // replay) instead of doing the work too and failing on whatever the work itself made unique.
    // The common case, a new key, is this one INSERT.
    let id = await this.claim(em, request, requestHash, status, now, true);
    if (id === null) {
      const stored = await em.findOneBy(IdempotencyRecord, { scope: request.scope, key: request.key });
      if (stored && stored.expiresAt.getTime() > now.getTime()) return replay<T>(stored, requestHash);
      if (stored) await em.delete(IdempotencyRecord, { id: stored.id });
      // A plain INSERT now: should a twin take the key over meanwhile, its unique violation sends
      // us through execute()'s retry, which replays the twin's answer.
      id = await this.claim(em, request, requestHash, status, now, false);
    }
    const body = await work(em);
    await em
      .createQueryBuilder()
      .update(IdempotencyRecord)
      .set({ responseBody: JSON.stringify(body ?? null) })
      .where('id = :id', { id })
      .execute();
    return { status, body, replayed: false };
  }

  /**
   * Inserts the record with no answer yet; the new row's id, or null when the key is taken
   * (`ifFree`: ON CONFLICT DO NOTHING, which on PostgreSQL waits for an uncommitted twin first).
   */
  private async claim(
    em: EntityManager,
    request: IdempotentRequest,
    requestHash: string,
    status: number,
    now: Date,
    ifFree: boolean,
  ): Promise<number | null> {
    const postgres = em.connection.options.type === 'postgres';
    const column = (name: string) => em.connection.getMetadata(IdempotencyRecord).findColumnWithPropertyName(name)!;
    const values = [
      request.scope,
      request.key,
      requestHash,
      status,
      'null',
      em.connection.driver.preparePersistentValue(new Date(now.getTime() + IDEMPOTENCY_TTL_MS), column('expiresAt')),
    ];
    const marks = values.map((_, i) => (postgres ? `$${i + 1}` : '?'));
    const sql =
      'INSERT INTO "idempotency_records" ("scope", "key", "requestHash", "responseStatus", "responseBody", "expiresAt") ' +
      `VALUES (${marks.join(', ')})${ifFree ? ' ON CONFLICT ("scope", "key") DO NOTHING' : ''}` +
      (postgres ? ' RETURNING "id"' : '');
    // The structured result carries SQLite's changes() and lastID (an INSERT there returns no rows).
    const result = await em.queryRunner!.query(sql, values, true);
    if (postgres) {
      const rows = result.records as { id: number | string }[];
      return rows.length ? Number(rows[0].id) : null;
    }
    return result.affected ? Number(result.raw) : null;
  }

  /** Forgets answers older than the TTL; cheap on the expiresAt index, and done at most every few minutes. */
  private async purgeExpired(): Promise<void> {
    if (Date.now() < this.nextPurgeAt) return;
    this.nextPurgeAt = Date.now() + PURGE_EVERY_MS;
    try {
      await this.writer.transaction((em) =>
        em
          .createQueryBuilder()
          .delete()
          .from(IdempotencyRecord)
          .where('expiresAt < :now', { now: new Date() })
          .execute(),
      );
    } catch (error) {
      // Housekeeping: the request it follows has succeeded and must answer so.
      this.logger.warn(`Could not purge expired idempotency records: ${String(error)}`);
    }
  }
}
