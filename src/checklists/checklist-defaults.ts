import { EntityManager } from 'typeorm';
import { STAGES } from '../election-events/election-event.enums';
import { defaultQuestions } from './default-templates';
import { ChecklistTemplate } from './entities/checklist-template.entity';

/**
 * Gives a mission the default template of every stage it has none for. Idempotent and safe to
 * race: a stage someone else filled in the meantime is skipped by the unique (mission, stage)
 * constraint (INSERT OR IGNORE on SQLite, ON CONFLICT DO NOTHING on PostgreSQL), never
 * overwritten.
 */
export async function materializeDefaultTemplates(em: EntityManager, missionId: number): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(ChecklistTemplate)
    .values(STAGES.map((stage) => ({ missionId, stage, questions: defaultQuestions(stage) })))
    .orIgnore()
    .execute();
}
