import { FieldError } from '../common/validation';
import { ChecklistQuestion } from './entities/checklist.types';

/** An answer as stored (event_answers): its meaning is fixed when it is given. */
export interface AnswerRow {
  questionCode: string;
  questionText: string;
  /** Normalized: 'yes' | 'no' | 'partial', a number written in decimal, an option, or text; null = not answered. */
  value: string | null;
  negative: boolean;
}

export interface AnswerValidation {
  rows: AnswerRow[];
  errors: FieldError[];
}

// event_answers.value holds 2000 characters.
export const MAX_TEXT_ANSWER_LENGTH = 2000;

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

type Normalized = { ok: true; value: string } | { ok: false; reason: string };

function yesNo(raw: unknown, allowed: readonly string[]): Normalized {
  const reason = `must be ${allowed.length === 2 ? 'yes or no' : 'yes, no or partial'}`;
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 'yes' : 'no' };
  if (typeof raw !== 'string') return { ok: false, reason };
  const value = raw.trim().toLowerCase();
  return allowed.includes(value) ? { ok: true, value } : { ok: false, reason };
}

function normalize(question: ChecklistQuestion, raw: unknown): Normalized {
  switch (question.type) {
    case 'yes_no':
      return yesNo(raw, ['yes', 'no']);
    case 'yes_no_partial':
      return yesNo(raw, ['yes', 'no', 'partial']);
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : raw;
      const n =
        typeof text === 'number' ? text : typeof text === 'string' && NUMBER_PATTERN.test(text) ? Number(text) : NaN;
      return Number.isFinite(n) ? { ok: true, value: String(n) } : { ok: false, reason: 'must be a number' };
    }
    case 'choice': {
      const options = question.options ?? [];
      const reason = `must be one of ${options.join(', ')}`;
      if (typeof raw !== 'string') return { ok: false, reason };
      const text = raw.trim();
      const match = options.find((o) => o === text) ?? options.find((o) => o.toLowerCase() === text.toLowerCase());
      return match === undefined ? { ok: false, reason } : { ok: true, value: match };
    }
    case 'text':
      if (typeof raw !== 'string') return { ok: false, reason: 'must be text' };
      if (raw.length > MAX_TEXT_ANSWER_LENGTH) {
        return { ok: false, reason: `must be at most ${MAX_TEXT_ANSWER_LENGTH} characters long` };
      }
      return { ok: true, value: raw.trim() };
  }
}

function isUnanswered(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Checks a visit's answers against its stage's questions and turns them into rows. Pure: the
 * caller decides what to do with errors (400 naming each question) and stores the rows.
 * A row is made for each answered or explicitly emptied question (null/'' = not answered or not
 * applicable); questions left out of `answers` get no row.
 */
export function validateAnswers(questions: ChecklistQuestion[], answers: Record<string, unknown>): AnswerValidation {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    return {
      rows: [],
      errors: [{ field: 'answers', message: 'answers must be an object of { questionCode: value }' }],
    };
  }
  const errors: FieldError[] = [];
  const rows: AnswerRow[] = [];
  const known = new Set(questions.map((question) => question.code));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) {
      errors.push({
        field: `answers.${code}`,
        message: `answers.${code}: there is no question "${code}" in this checklist`,
      });
    }
  }
  for (const question of questions) {
    const field = `answers.${question.code}`;
    const present = Object.prototype.hasOwnProperty.call(answers, question.code);
    const raw = present ? answers[question.code] : undefined;
    if (isUnanswered(raw)) {
      if (question.required) {
        errors.push({ field, message: `${field}: an answer is required ("${question.text}")` });
      } else if (present) {
        rows.push({ questionCode: question.code, questionText: question.text, value: null, negative: false });
      }
      continue;
    }
    const normalized = normalize(question, raw);
    if (!normalized.ok) {
      errors.push({ field, message: `${field}: ${normalized.reason}` });
      continue;
    }
    rows.push({
      questionCode: question.code,
      questionText: question.text,
      value: normalized.value,
      negative: question.negativeAnswers.includes(normalized.value),
    });
  }
  return { rows, errors };
}
