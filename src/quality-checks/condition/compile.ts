import { checkTypes, said } from './check-types';
import { parseText } from './parse';
import type { CompileResult, ConditionSchema } from './types';

/** Longest condition text accepted, in UTF-16 code units (JavaScript's string length). */
export const MAX_CONDITION_LENGTH = 1000;

/**
 * Parses and type-checks a coordinator's condition against the names it may use. Never throws on
 * the text: every problem comes back as a plain-English message, ready for a 400 answer.
 */
export function compileCondition(text: string, schema: ConditionSchema): CompileResult {
  if (typeof text !== 'string') return { ok: false, errors: ['the condition must be text'] };
  if (text.length > MAX_CONDITION_LENGTH) {
    return {
      ok: false,
      errors: [`the condition is ${text.length} characters long; at most ${MAX_CONDITION_LENGTH} are allowed`],
    };
  }
  const parsed = parseText(text);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const checked = checkTypes(parsed.expression, schema);
  if (!checked.ok) return checked;
  const { typed, names } = checked;
  if (typed.kind !== 'boolean') {
    const kind = typed.kind === 'number' ? 'a number' : typed.kind === 'time' ? 'a time' : 'text';
    return {
      ok: false,
      errors: [
        `a condition must be true or false for a report, and ${said(typed)} is ${kind}; compare it, as in ${said(typed)} = ...`,
      ],
    };
  }
  return { ok: true, condition: { version: 1, root: typed.node }, names };
}
