import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/**
 * A remembered answer to a request sent with an Idempotency-Key. The key is scoped to the user
 * and the route, so two users cannot collide; the hash of the body tells a true re-send (same
 * body: replay the answer) from a reused key (another body: 422).
 */
@Entity('idempotency_records')
@Unique('UQ_idempotency_records_scope_key', ['scope', 'key'])
export class IdempotencyRecord {
  @PrimaryGeneratedColumn()
  id: number;

  /** user id + method + route, e.g. "7 POST /api/v1/missions/1/events". */
  @Column({ type: 'varchar', length: 300 })
  scope: string;

  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: Number })
  responseStatus: number;

  @Column({ type: 'text' })
  responseBody: string;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @Index('IDX_idempotency_records_expires')
  @Column({ type: TIMESTAMP })
  expiresAt: Date;
}
