import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { lockRows } from '../database';
import { Stage, STAGES } from '../common/stages';
import { defaultQuestions } from './default-templates';
import { ChecklistTemplate } from './entities/checklist-template.entity';

@Injectable()
export class ChecklistsStore {
  constructor(@InjectRepository(ChecklistTemplate) private readonly templates: Repository<ChecklistTemplate>) {}

  findForMission(missionId: number, em = this.templates.manager): Promise<ChecklistTemplate[]> {
    return em.findBy(ChecklistTemplate, { missionId });
  }

  findForUpdate(em: EntityManager, missionId: number, stage: Stage): Promise<ChecklistTemplate | null> {
    return em.findOne(ChecklistTemplate, { where: { missionId, stage }, lock: lockRows(em, 'pessimistic_write') });
  }

  save(em: EntityManager, template: ChecklistTemplate): Promise<ChecklistTemplate> {
    return em.save(template);
  }

  /**
   * Gives a mission the default template of every stage it has none for. Idempotent and safe to
   * race: a stage someone else filled in the meantime is skipped by the unique (mission, stage)
   * constraint (INSERT OR IGNORE on SQLite, ON CONFLICT DO NOTHING on PostgreSQL), never
   * overwritten.
   */
  async insertDefaults(em: EntityManager, missionId: number): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(ChecklistTemplate)
      .values(STAGES.map((stage) => ({ missionId, stage, questions: defaultQuestions(stage) })))
      .orIgnore()
      .execute();
  }
}
