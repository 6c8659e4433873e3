import { isPrototypeKey } from '../common/prototype-keys';
import { FieldError } from '../common/validation';
import { ChecklistQuestion, QuestionType } from './entities/checklist.types';

/** Question codes are identifiers that answers, imports and summaries refer to. */
export const QUESTION_CODE_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const MAX_QUESTION_CODE_LENGTH = 64;
// event_answers.questionText keeps the wording an answer was given to; it holds 1000 characters.
export const MAX_QUESTION_TEXT_LENGTH = 1000;
export const MAX_QUESTIONS_PER_STAGE = 200;
export const MIN_CHOICE_OPTIONS = 2;

const FIXED_ANSWERS: Partial<Record<QuestionType, readonly string[]>> = {
  yes_no: ['yes', 'no'],
  yes_no_partial: ['yes', 'no', 'partial'],
};

/**
 * The answers a question can be given, when they form a closed set (yes/no, yes/no/partial, the
 * options of a choice); null when any number or text is an answer.
 */
export function closedAnswers(question: Pick<ChecklistQuestion, 'type' | 'options'>): readonly string[] | null {
  if (question.type === 'choice') return question.options ?? [];
  return FIXED_ANSWERS[question.type] ?? null;
}

/**
 * Rules across the questions of one template that field decorators cannot express: unique
 * codes, choices with options, and negative answers that are answers the question can get.
 */
export function checkQuestions(questions: ChecklistQuestion[]): FieldError[] {
  const errors: FieldError[] = [];
  const firstIndexOfCode = new Map<string, number>();
  questions.forEach((question, index) => {
    const at = `questions.${index}`;
    const earlier = firstIndexOfCode.get(question.code);
    if (isPrototypeKey(question.code)) {
      // A visit's answer to it would be refused (or dropped), so every visit of the stage would fail.
      errors.push({
        field: `${at}.code`,
        message: `${at}.code: "${question.code}" is a name JavaScript objects already have; choose another code`,
      });
    } else if (earlier !== undefined) {
      errors.push({
        field: `${at}.code`,
        message: `${at}.code: "${question.code}" is already the code of questions.${earlier}; codes must be unique`,
      });
    } else {
      firstIndexOfCode.set(question.code, index);
    }

    const options = question.options ?? [];
    if (question.type === 'choice') {
      if (options.length < MIN_CHOICE_OPTIONS) {
        errors.push({
          field: `${at}.options`,
          message: `${at}.options: a choice question needs at least ${MIN_CHOICE_OPTIONS} options`,
        });
      }
      if (new Set(options).size !== options.length) {
        errors.push({ field: `${at}.options`, message: `${at}.options: options must be unique` });
      }
    } else if (options.length > 0) {
      errors.push({
        field: `${at}.options`,
        message: `${at}.options: only choice questions have options (this one is ${question.type})`,
      });
    }

    const negatives = question.negativeAnswers ?? [];
    const allowed = closedAnswers(question);
    if (allowed === null) {
      if (negatives.length > 0) {
        errors.push({
          field: `${at}.negativeAnswers`,
          message: `${at}.negativeAnswers: a ${question.type} question has no negative answers`,
        });
      }
    } else {
      for (const answer of negatives) {
        if (!allowed.includes(answer)) {
          errors.push({
            field: `${at}.negativeAnswers`,
            message: `${at}.negativeAnswers: "${answer}" is not an answer to this ${question.type} question (answers: ${allowed.join(', ')})`,
          });
        }
      }
      if (new Set(negatives).size !== negatives.length) {
        errors.push({ field: `${at}.negativeAnswers`, message: `${at}.negativeAnswers: answers must be unique` });
      }
    }
  });
  return errors;
}
