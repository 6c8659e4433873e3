import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { Mission } from '../../missions/entities/mission.entity';
import { STATION_TYPES, StationType } from './polling-station.enums';

/** Station numbers repeat across constituencies, so a station is known by (constituency, code). */
@Entity('polling_stations')
@Unique('UQ_polling_stations_mission_constituency_code', ['missionId', 'constituencyCode', 'code'])
@Index('IDX_polling_stations_mission_region', ['missionId', 'region'])
@Index('IDX_polling_stations_mission_type', ['missionId', 'type'])
export class PollingStation extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  constituencyCode: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: String, length: 500, nullable: true })
  address: string | null;

  @Column({ type: String, length: 200, nullable: true })
  region: string | null;

  @Column({ type: String, length: 200, nullable: true })
  district: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: Number, nullable: true })
  registeredVoters: number | null;

  @Column({ type: 'simple-enum', enum: STATION_TYPES, default: 'regular' })
  type: StationType;

  /** Free labels (e.g. formerly-occupied, webcam), stored as a JSON array. */
  @Column({ type: 'simple-json', default: '[]' })
  tags: string[];
}
