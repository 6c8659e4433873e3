import { Column, Entity, Index } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { DEFAULT_STAGE_SCHEDULE, StageSchedule } from './stage-schedule';
import {
  ELECTION_TYPES,
  ElectionType,
  MISSION_KINDS,
  MISSION_STATUSES,
  MissionKind,
  MissionStatus,
} from './mission.enums';

@Entity('missions')
export class Mission extends TrackedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Column({ type: 'simple-enum', enum: MISSION_KINDS })
  kind: MissionKind;

  /** ISO 3166-1 alpha-2, upper case. */
  @Column({ type: 'varchar', length: 2 })
  hostCountry: string;

  @Column({ type: 'varchar', length: 300 })
  electionName: string;

  @Column({ type: 'simple-enum', enum: ELECTION_TYPES })
  electionType: ElectionType;

  /** Calendar dates (YYYY-MM-DD) in the host country's own calendar. */
  @Column({ type: 'date' })
  electionDate: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  /** IANA zone, e.g. Asia/Baku. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** Each election-day stage's local hours (stage-schedule.ts); missions made before it have the defaults. */
  @Column({ type: 'simple-json', default: JSON.stringify(DEFAULT_STAGE_SCHEDULE) })
  stageSchedule: StageSchedule;

  @Index('IDX_missions_status')
  @Column({ type: 'simple-enum', enum: MISSION_STATUSES, default: 'planned' })
  status: MissionStatus;
}
