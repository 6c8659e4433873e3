import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import { INCIDENT_STATUSES, IncidentStatus } from './election-event.enums';
import { ElectionEvent } from './election-event.entity';

/** The verification trail of an incident: every move, who made it and when. */
@Entity('incident_status_changes')
export class IncidentStatusChange {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => ElectionEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: ElectionEvent;

  @Column()
  eventId: number;

  @Column({ type: 'simple-enum', enum: INCIDENT_STATUSES, nullable: true })
  fromStatus: IncidentStatus | null;

  @Column({ type: 'simple-enum', enum: INCIDENT_STATUSES })
  toStatus: IncidentStatus;

  @Column({ type: Number, nullable: true })
  changedByUserId: number | null;

  @CreateDateColumn({ type: TIMESTAMP })
  changedAt: Date;

  @Column({ type: String, length: 2000, nullable: true })
  note: string | null;
}
