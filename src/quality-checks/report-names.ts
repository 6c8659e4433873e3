import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { OVERALL_ASSESSMENTS } from '../common/assessments';
import { STAGES, Stage } from '../common/stages';
import { ConditionSchema, ValueType } from './condition';

/** The value type of a checklist question's answer. */
function answerType(question: ChecklistQuestion): ValueType {
  switch (question.type) {
    case 'number':
      return { kind: 'number' };
    case 'yes_no':
      return { kind: 'text', values: ['yes', 'no'] };
    case 'yes_no_partial':
      return { kind: 'text', values: ['yes', 'no', 'partial'] };
    case 'choice':
      return { kind: 'text', values: question.options ?? [] };
    default:
      return { kind: 'text' };
  }
}

/** What every visit has besides its answers. */
const visitFields = (): ConditionSchema => ({
  overall_assessment: { kind: 'text', values: OVERALL_ASSESSMENTS },
  voters_voted: { kind: 'number' },
});

/**
 * The names a check on `stage` may use (README.md beside this file): the stage's questions and the
 * visit's fields; the visit's local time and the stage's scheduled hours; the station's record;
 * and, as `<stage>.<name>`, the same station's latest other report of any stage.
 */
export function reportNames(stage: Stage, questionsByStage: Record<Stage, ChecklistQuestion[]>): ConditionSchema {
  const names: ConditionSchema = {};
  for (const q of questionsByStage[stage]) names[q.code] = answerType(q);
  Object.assign(names, visitFields(), {
    time: { kind: 'time' },
    stage_start: { kind: 'time' },
    stage_end: { kind: 'time' },
    outside_stage_hours: { kind: 'boolean' },
    'station.registered_voters': { kind: 'number' },
    'station.region': { kind: 'text' },
  } satisfies ConditionSchema);
  for (const other of STAGES) {
    for (const q of questionsByStage[other]) names[`${other}.${q.code}`] = answerType(q);
    for (const [field, type] of Object.entries(visitFields())) names[`${other}.${field}`] = type;
  }
  return names;
}
