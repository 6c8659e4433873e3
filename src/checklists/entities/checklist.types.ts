export const QUESTION_TYPES = ['yes_no', 'yes_no_partial', 'number', 'choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface ChecklistQuestion {
  code: string;
  text: string;
  type: QuestionType;
  /** Allowed values for `choice`. */
  options?: string[];
  required: boolean;
  /** Answers that count as a negative finding (e.g. ["no"] for "ballot box sealed"). */
  negativeAnswers: string[];
}
