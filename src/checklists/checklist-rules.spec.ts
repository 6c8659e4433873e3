import { STAGES } from '../common/stages';
import { ChecklistQuestion } from './entities/checklist.types';
import { checkQuestions, QUESTION_CODE_PATTERN } from './checklist-rules';
import { DEFAULT_TEMPLATES, defaultQuestions } from './default-templates';

const yesNo = (code: string, negativeAnswers = ['no']): ChecklistQuestion => ({
  code,
  text: `${code}?`,
  type: 'yes_no',
  options: [],
  required: false,
  negativeAnswers,
});

describe('checkQuestions', () => {
  it('accepts a valid template', () => {
    expect(
      checkQuestions([
        yesNo('ballot_box_sealed'),
        { ...yesNo('queue'), type: 'choice', options: ['none', 'long'], negativeAnswers: ['long'] },
        { ...yesNo('voters'), type: 'number', negativeAnswers: [] },
      ]),
    ).toEqual([]);
  });

  it('refuses a repeated code, naming both places', () => {
    expect(checkQuestions([yesNo('a'), yesNo('b'), yesNo('a')])).toEqual([
      {
        field: 'questions.2.code',
        message: 'questions.2.code: "a" is already the code of questions.0; codes must be unique',
      },
    ]);
  });

  it('refuses a code that JavaScript objects already have as a name (a visit could never answer it)', () => {
    const codes = ['constructor', 'prototype'].filter((code) => QUESTION_CODE_PATTERN.test(code));
    expect(codes).toEqual(['constructor', 'prototype']);
    expect(checkQuestions(codes.map((code) => yesNo(code))).map((e) => e.field)).toEqual([
      'questions.0.code',
      'questions.1.code',
    ]);
  });

  it('needs options for a choice and refuses them elsewhere', () => {
    const errors = checkQuestions([
      { ...yesNo('a'), type: 'choice', options: ['only'], negativeAnswers: [] },
      { ...yesNo('b'), options: ['yes', 'no'] },
      { ...yesNo('c'), type: 'choice', options: ['x', 'x'], negativeAnswers: [] },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['questions.0.options', 'questions.1.options', 'questions.2.options']);
  });

  it.each([
    ['yes_no', ['partial'], []],
    ['yes_no', ['nope'], []],
    ['yes_no_partial', ['maybe'], []],
    ['choice', ['other'], ['a', 'b']],
    ['number', ['0'], []],
    ['text', ['bad'], []],
  ] as const)('refuses negative answers a %s question cannot get (%p)', (type, negativeAnswers, options) => {
    const errors = checkQuestions([
      { ...yesNo('q'), type, options: [...options], negativeAnswers: [...negativeAnswers] },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('questions.0.negativeAnswers');
  });
});

describe('default templates', () => {
  it.each(STAGES)('%s has at least 8 valid questions with snake_case codes', (stage) => {
    const questions = defaultQuestions(stage);
    expect(questions.length).toBeGreaterThanOrEqual(8);
    expect(checkQuestions(questions)).toEqual([]);
    for (const q of questions) expect(q.code).toMatch(QUESTION_CODE_PATTERN);
  });

  it('marks "unauthorized persons present" negative when yes, and "box sealed" negative when no', () => {
    const opening = DEFAULT_TEMPLATES.opening;
    expect(opening.find((q) => q.code === 'unauthorized_persons_present')?.negativeAnswers).toEqual(['yes']);
    expect(opening.find((q) => q.code === 'ballot_box_sealed')?.negativeAnswers).toEqual(['no']);
  });

  it('hands out copies, so editing one cannot change the defaults', () => {
    defaultQuestions('voting')[0].negativeAnswers.push('yes');
    expect(DEFAULT_TEMPLATES.voting[0].negativeAnswers).not.toContain('yes');
  });
});
