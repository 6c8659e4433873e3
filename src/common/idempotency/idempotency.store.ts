import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { insertUnlessPresent, isUniqueViolation, WriteSet } from '../../database';
import { IdempotencyRecord } from './idempotency-record.entity';

/** A key of one user on one route. */
export interface KeyOf {
  scope: string;
  key: string;
}

/** What a replay is built from, and until when. */
export type StoredAnswer = Pick<IdempotencyRecord, 'requestHash' | 'responseStatus' | 'responseBody' | 'expiresAt'>;

/** A record as it is written: the answer is JSON text. */
export type NewRecord = KeyOf & Omit<StoredAnswer, 'responseBody'> & { responseBody: string };

const TABLE = 'idempotency_records';
const COLUMNS = ['scope', 'key', 'requestHash', 'responseStatus', 'responseBody', 'expiresAt'];
const rowOf = (r: NewRecord) => [r.scope, r.key, r.requestHash, r.responseStatus, r.responseBody, r.expiresAt];

/** The stored answers of re-sendable requests. */
@Injectable()
export class IdempotencyStore {
  /** A deferred write's read of the key's answer (null: none). */
  async findInWrite(writes: WriteSet, key: KeyOf): Promise<StoredAnswer | null> {
    const [row] = await writes.read<Record<string, unknown>>(
      `SELECT "requestHash", "responseStatus", "responseBody", "expiresAt" FROM "${TABLE}" WHERE "scope" = $1 AND "key" = $2`,
      [key.scope, key.key],
    );
    if (!row) return null;
    const { connection } = writes.em;
    const expiresColumn = connection.getMetadata(IdempotencyRecord).findColumnWithPropertyName('expiresAt')!;
    return {
      requestHash: row.requestHash as string,
      responseStatus: Number(row.responseStatus),
      responseBody: row.responseBody as string,
      // As the driver hydrates it: SQLite keeps text, PostgreSQL a timestamp.
      expiresAt: connection.driver.prepareHydratedValue(row.expiresAt, expiresColumn) as Date,
    };
  }

  /** Records an answer (replacing an expired one of the same key) with the write's rows. */
  recordInWrite(writes: WriteSet, record: NewRecord, replacing: boolean): void {
    if (replacing)
      writes.change(`DELETE FROM "${TABLE}" WHERE "scope" = $1 AND "key" = $2`, [record.scope, record.key]);
    writes.insert(TABLE, COLUMNS, rowOf(record));
  }

  /** Inserts the record unless the key is taken (then waits for a twin's commit on PostgreSQL); whether it did. */
  claim(em: EntityManager, record: NewRecord): Promise<boolean> {
    return insertUnlessPresent(em, TABLE, COLUMNS, rowOf(record), ['scope', 'key']);
  }

  find(em: EntityManager, key: KeyOf): Promise<IdempotencyRecord | null> {
    return em.findOneBy(IdempotencyRecord, { scope: key.scope, key: key.key });
  }

  /** Replaces an expired record by `record`; fails on the unique index if a twin took the key meanwhile. */
  async replace(em: EntityManager, expired: IdempotencyRecord, record: NewRecord): Promise<void> {
    await em.delete(IdempotencyRecord, { id: expired.id });
    await em.insert(IdempotencyRecord, record);
  }

  async saveBody(em: EntityManager, key: KeyOf, responseBody: string): Promise<void> {
    await em.update(IdempotencyRecord, { scope: key.scope, key: key.key }, { responseBody });
  }

  async deleteExpired(em: EntityManager, now: Date): Promise<void> {
    await em.createQueryBuilder().delete().from(IdempotencyRecord).where('expiresAt < :now', { now }).execute();
  }

  /** A twin request claimed the same key first (PostgreSQL: our insert waited for its commit). */
  isKeyTaken(error: unknown): boolean {
    return isUniqueViolation(error, 'UQ_idempotency_records_scope_key', TABLE);
  }
}
