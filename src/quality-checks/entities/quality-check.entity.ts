import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { STAGES, Stage } from '../../common/stages';
import { Mission } from '../../missions/entities/mission.entity';
import type { CompiledCondition } from '../condition';

export const CHECK_SEVERITIES = ['warning', 'error'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

export const RECHECK_STATES = ['running', 'done'] as const;
export type RecheckState = (typeof RECHECK_STATES)[number];

/**
 * A coordinator's quality check on a stage's station visits: a condition in the check language
 * (condition/README.md) that flags a report when it holds. The text is kept as written; the
 * condition compiled from it when it was saved is what reports are checked with.
 */
@Entity('quality_checks')
@Unique('UQ_quality_checks_mission_stage_name', ['missionId', 'stage', 'name'])
@Index('IDX_quality_checks_mission_stage', ['missionId', 'stage'])
export class QualityCheck extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'simple-enum', enum: STAGES })
  stage: Stage;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-enum', enum: CHECK_SEVERITIES })
  severity: CheckSeverity;

  @Column({ type: 'varchar', length: 1000 })
  condition: string;

  @Column({ type: 'simple-json' })
  compiled: CompiledCondition;

  /** The re-check of the stage's reports after the check was saved: running, then done. */
  @Column({ type: 'simple-enum', enum: RECHECK_STATES, default: 'done' })
  recheckState: RecheckState;

  @Column({ type: 'integer', default: 0 })
  recheckChecked: number;

  @Column({ type: 'integer', default: 0 })
  recheckTotal: number;
}
