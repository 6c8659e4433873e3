import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { Mission } from '../../missions/entities/mission.entity';
import { Team } from '../../teams/entities/team.entity';
import {
  ACCREDITATION_STATUSES,
  AccreditationStatus,
  GENDERS,
  Gender,
  OBSERVER_ROLES,
  ObserverRole,
} from './observer.enums';

@Entity('observers')
@Unique('UQ_observers_mission_accreditation', ['missionId', 'accreditationNumber'])
@Index('IDX_observers_mission_role', ['missionId', 'role'])
@Index('IDX_observers_mission_nationality', ['missionId', 'nationality'])
export class Observer extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'simple-enum', enum: OBSERVER_ROLES })
  role: ObserverRole;

  /** ISO 3166-1 alpha-2, upper case. */
  @Column({ type: 'varchar', length: 2 })
  nationality: string;

  @Column({ type: 'simple-enum', enum: GENDERS, default: 'undisclosed' })
  gender: Gender;

  @Column({ type: 'simple-json', default: '[]' })
  languages: string[];

  @Column({ type: String, length: 200, nullable: true })
  secondingOrganization: string | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'teamId' })
  team?: Team | null;

  @Index('IDX_observers_team')
  @Column({ type: Number, nullable: true })
  teamId: number | null;

  @Column({ type: 'simple-enum', enum: ACCREDITATION_STATUSES, default: 'pending' })
  accreditationStatus: AccreditationStatus;

  @Column({ type: String, length: 64, nullable: true })
  accreditationNumber: string | null;

  @Column({ type: 'date', nullable: true })
  accreditedAt: string | null;

  // Personal data: see PERSONAL_DATA_FIELDS.
  @Column({ type: String, length: 320, nullable: true })
  email: string | null;

  @Column({ type: String, length: 64, nullable: true })
  phone: string | null;

  @Column({ type: String, length: 64, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;
}
