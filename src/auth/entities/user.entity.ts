import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { TIMESTAMP } from '../../database/column-types';
import { Mission } from '../../missions/entities/mission.entity';
import { Observer } from '../../observers/entities/observer.entity';

import { USER_ROLES, UserRole } from '../../common/request-context';

@Entity('users')
export class User extends TrackedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-enum', enum: USER_ROLES })
  role: UserRole;

  @ManyToMany(() => Mission)
  @JoinTable({
    name: 'user_missions',
    joinColumn: { name: 'userId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'missionId', referencedColumnName: 'id' },
  })
  missions?: Mission[];

  /** For role observer: the observer record this user reports as. */
  @ManyToOne(() => Observer, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'observerId' })
  observer?: Observer | null;

  @Column({ type: Number, nullable: true })
  observerId: number | null;

  /** SHA-256 of the API token; the token itself is shown once and never stored. */
  @Index('UQ_users_token_hash', { unique: true })
  @Column({ type: String, length: 64, nullable: true })
  tokenHash: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  tokenIssuedAt: Date | null;

  /** A disabled user's token is refused (revocation without deleting the user's history). */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
