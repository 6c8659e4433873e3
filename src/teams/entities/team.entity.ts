import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { Mission } from '../../missions/entities/mission.entity';

/** Members are the observers whose teamId points here (an observer is in one team at a time). */
@Entity('teams')
@Unique('UQ_teams_mission_code', ['missionId', 'code'])
export class Team extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  /** Deployment area, e.g. a region or constituency group. */
  @Column({ type: String, length: 200, nullable: true })
  area: string | null;
}
