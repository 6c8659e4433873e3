import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** Columns every resource carries: integer id, creation and update instants, optimistic version. */
export abstract class TrackedEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
