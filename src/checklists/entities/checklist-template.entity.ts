import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TrackedEntity } from '../../common/entities/tracked.entity';
import { STAGES, Stage } from '../../common/stages';
import { Mission } from '../../missions/entities/mission.entity';
import { ChecklistQuestion } from './checklist.types';

@Entity('checklist_templates')
@Unique('UQ_checklist_templates_mission_stage', ['missionId', 'stage'])
export class ChecklistTemplate extends TrackedEntity {
  @ManyToOne(() => Mission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'missionId' })
  mission?: Mission;

  @Column()
  missionId: number;

  @Column({ type: 'simple-enum', enum: STAGES })
  stage: Stage;

  @Column({ type: 'simple-json' })
  questions: ChecklistQuestion[];
}
