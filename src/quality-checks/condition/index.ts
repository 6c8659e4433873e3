/**
 * The condition language of quality checks: a coordinator's text is compiled once against the
 * names a report offers, stored as JSON beside the text, and evaluated for each report.
 */
export { compileCondition, MAX_CONDITION_LENGTH } from './compile';
export { evaluateCondition } from './evaluate';
export type {
  CompileResult,
  CompiledCondition,
  ConditionNode,
  ConditionSchema,
  ConditionValues,
  ValueType,
} from './types';
