import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { TIMESTAMP } from '../../database/column-types';
import { Mission } from '../../missions/entities/mission.entity';
import { Observer } from '../../observers/entities/observer.entity';
import { PollingStation } from '../../polling-stations/entities/polling-station.entity';
import {
  EVENT_TYPES,
  EventType,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  IncidentCategory,
  IncidentStatus,
  OVERALL_ASSESSMENTS,
  OverallAssessment,
  REVIEW_STATES,
  ReviewState,
  SEVERITIES,
  STAGES,
  Severity,
  Stage,
} from './election-event.enums';
import { EventAnswer } from './event-answer.entity';

/**
 * One table for everything that happens in a mission. Columns that only some types use are
 * nullable: contact events (meeting, briefing, ...) use counterpart fields; station visits use
 * station, stage, assessment, votersVoted and answers; incidents use category, severity, status.
 */
@Entity('election_events')
@Index('IDX_election_events_mission_type_time', ['missionId', 'type', 'occurredAt'])
@Index('IDX_election_events_mission_time', ['missionId', 'occurredAt', 'reviewState'])
// Ends with (occurredAt, id): a station's latest visits of a stage, which a new visit is checked
// against (report-flags.store.ts, latestReports), are a short backward walk however many it has.
@Index('IDX_election_events_mission_stage_station', ['missionId', 'stage', 'pollingStationId', 'occurredAt', 'id'])
// Covering indices for the mission summary: its visit and turnout aggregates read only these,
// never the table rows (see src/summaries/summary.service.ts).
@Index('IDX_election_events_summary_visits', [
  'missionId',
  'type',
  'stage',
  'pollingStationId',
  'overallAssessment',
  'occurredAt',
  'reviewState',
])
@Index('IDX_election_events_summary_incidents', [
  'missionId',
  'type',
  'category',
  'severity',
  'status',
  'pollingStationId',
  'occurredAt',
  'reviewState',
])
// Turnout takes, per station, the last entry in (occurredAt, id) order that has votersVoted.
@Index('IDX_election_events_summary_turnout', [
  'missionId',
  'type',
  'pollingStationId',
  'occurredAt',
  'id',
  'votersVoted',
  'reviewState',
])
export class ElectionEvent extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'simple-enum', enum: EVENT_TYPES })
  type: EventType;

  @Column({ type: TIMESTAMP })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: String, length: 10000, nullable: true })
  description: string | null;

  @ManyToMany(() => Observer)
  @JoinTable({
    name: 'event_observers',
    joinColumn: { name: 'eventId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'observerId', referencedColumnName: 'id' },
  })
  observers?: Observer[];

  // A station with reports is not deleted from under them: NO ACTION makes the delete fail
  // (checked at the end of the statement, so deleting the whole mission still cascades).
  @ManyToOne(() => PollingStation, { onDelete: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'pollingStationId' })
  pollingStation?: PollingStation | null;

  @Index('IDX_election_events_station')
  @Column({ type: Number, nullable: true })
  pollingStationId: number | null;

  // Contact events.
  @Column({ type: String, length: 300, nullable: true })
  counterpart: string | null;

  @Column({ type: String, length: 300, nullable: true })
  counterpartOrganization: string | null;

  @Column({ type: String, length: 300, nullable: true })
  location: string | null;

  // Station visits.
  @Column({ type: 'simple-enum', enum: STAGES, nullable: true })
  stage: Stage | null;

  @Column({ type: 'simple-enum', enum: OVERALL_ASSESSMENTS, nullable: true })
  overallAssessment: OverallAssessment | null;

  @Column({ type: Number, nullable: true })
  votersVoted: number | null;

  @OneToMany(() => EventAnswer, (answer) => answer.event)
  answerRows?: EventAnswer[];

  // Incidents.
  @Column({ type: 'simple-enum', enum: INCIDENT_CATEGORIES, nullable: true })
  category: IncidentCategory | null;

  @Column({ type: 'simple-enum', enum: SEVERITIES, nullable: true })
  severity: Severity | null;

  @Column({ type: 'simple-enum', enum: INCIDENT_STATUSES, nullable: true })
  status: IncidentStatus | null;

  @Column({ type: Number, nullable: true })
  statusChangedByUserId: number | null;

  @Column({ type: TIMESTAMP, nullable: true })
  statusChangedAt: Date | null;

  /** The user who submitted the event (observers may read and edit only their own). */
  @Index('IDX_election_events_reported_by')
  @Column({ type: Number, nullable: true })
  reportedByUserId: number | null;

  // Review (README, "Review of reports"): the summaries count by it; every change is audited.
  @Column({ type: 'simple-enum', enum: REVIEW_STATES, default: 'unreviewed' })
  reviewState: ReviewState;

  /** The coordinator's note on the last review, shown to the observer who made the report. */
  @Column({ type: String, length: 2000, nullable: true })
  reviewNote: string | null;

  @Column({ type: Number, nullable: true })
  reviewedByUserId: number | null;

  @Column({ type: TIMESTAMP, nullable: true })
  reviewedAt: Date | null;
}
