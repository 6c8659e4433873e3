import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { QualityCheck } from '../../quality-checks/entities/quality-check.entity';
import { ElectionEvent } from './election-event.entity';

/** A quality check a station visit fails now: rewritten whenever the visit, its station's other visits or the check change. */
@Entity('report_flags')
@Unique('UQ_report_flags_event_check', ['eventId', 'checkId'])
@Index('IDX_report_flags_mission_check', ['missionId', 'checkId'])
export class ReportFlag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  missionId: number;

  @ManyToOne(() => ElectionEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: ElectionEvent;

  @Column()
  eventId: number;

  @ManyToOne(() => QualityCheck, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkId' })
  check?: QualityCheck;

  @Column()
  checkId: number;
}
