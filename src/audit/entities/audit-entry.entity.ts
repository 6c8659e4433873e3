import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'import'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditChanges {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Append-only record of a change, written in the same transaction as the change itself.
 * No foreign keys: an entry outlives the mission, user or row it speaks of.
 */
@Entity('audit_entries')
@Index('IDX_audit_entries_mission_at', ['missionId', 'at'])
@Index('IDX_audit_entries_entity', ['entityType', 'entityId'])
// A mission's last change in one index lookup: what a cached summary is checked against.
@Index('IDX_audit_entries_mission_id', ['missionId', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn({ type: TIMESTAMP })
  at: Date;

  @Column({ type: Number, nullable: true })
  actorUserId: number | null;

  @Column({ type: String, length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'simple-enum', enum: AUDIT_ACTIONS })
  action: AuditAction;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: Number, nullable: true })
  entityId: number | null;

  @Column({ type: Number, nullable: true })
  missionId: number | null;

  /** Changed fields before and after, personal data values masked. */
  @Column({ type: 'simple-json', nullable: true })
  changes: AuditChanges | null;
}
