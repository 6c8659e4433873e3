import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { TIMESTAMP } from '../../database/column-types';
import { Stage } from '../../common/stages';
import { Mission } from '../../missions/entities/mission.entity';
import { Observer } from '../../observers/entities/observer.entity';
import { PollingStation } from '../../polling-stations/entities/polling-station.entity';
import { Team } from '../../teams/entities/team.entity';

export const DEPLOYMENT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** A team (or a single observer) sent to a station for some stages within a time window. */
@Entity('deployments')
@Index('IDX_deployments_mission_team_window', ['missionId', 'teamId', 'startsAt', 'endsAt'])
@Index('IDX_deployments_mission_observer_window', ['missionId', 'observerId', 'startsAt', 'endsAt'])
@Index('IDX_deployments_mission_station', ['missionId', 'pollingStationId'])
export class Deployment extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @ManyToOne(() => Team, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'teamId' })
  team?: Team | null;

  @Column({ type: Number, nullable: true })
  teamId: number | null;

  @ManyToOne(() => Observer, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'observerId' })
  observer?: Observer | null;

  @Column({ type: Number, nullable: true })
  observerId: number | null;

  @ManyToOne(() => PollingStation, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'pollingStationId' })
  pollingStation?: PollingStation;

  @Column()
  pollingStationId: number;

  @Column({ type: 'simple-json' })
  stages: Stage[];

  @Column({ type: TIMESTAMP })
  startsAt: Date;

  @Column({ type: TIMESTAMP })
  endsAt: Date;

  @Column({ type: 'simple-enum', enum: DEPLOYMENT_STATUSES, default: 'planned' })
  status: DeploymentStatus;
}
