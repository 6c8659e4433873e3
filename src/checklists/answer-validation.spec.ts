import { ChecklistQuestion } from './entities/checklist.types';
import { validateAnswers } from './answer-validation';

const question = (
  overrides: Partial<ChecklistQuestion> & Pick<ChecklistQuestion, 'code' | 'type'>,
): ChecklistQuestion => ({
  text: `Question ${overrides.code}?`,
  options: [],
  required: false,
  negativeAnswers: [],
  ...overrides,
});

const QUESTIONS: ChecklistQuestion[] = [
  question({ code: 'ballot_box_sealed', type: 'yes_no', negativeAnswers: ['no'] }),
  question({ code: 'unauthorized_persons_present', type: 'yes_no', negativeAnswers: ['yes'] }),
  question({ code: 'procedures_followed', type: 'yes_no_partial', negativeAnswers: ['no', 'partial'] }),
  question({ code: 'voters_in_queue', type: 'number' }),
  question({ code: 'queue_outside', type: 'choice', options: ['none', 'short', 'long'], negativeAnswers: ['long'] }),
  question({ code: 'comments', type: 'text' }),
];

describe('validateAnswers', () => {
  it('turns valid answers into rows with the question text and the negative flag', () => {
    const result = validateAnswers(QUESTIONS, {
      ballot_box_sealed: 'no',
      unauthorized_persons_present: 'yes',
      procedures_followed: 'partial',
      voters_in_queue: 12,
      queue_outside: 'short',
      comments: 'Calm.',
    });
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { questionCode: 'ballot_box_sealed', questionText: 'Question ballot_box_sealed?', value: 'no', negative: true },
      {
        questionCode: 'unauthorized_persons_present',
        questionText: 'Question unauthorized_persons_present?',
        value: 'yes',
        negative: true,
      },
      {
        questionCode: 'procedures_followed',
        questionText: 'Question procedures_followed?',
        value: 'partial',
        negative: true,
      },
      { questionCode: 'voters_in_queue', questionText: 'Question voters_in_queue?', value: '12', negative: false },
      { questionCode: 'queue_outside', questionText: 'Question queue_outside?', value: 'short', negative: false },
      { questionCode: 'comments', questionText: 'Question comments?', value: 'Calm.', negative: false },
    ]);
  });

  it('follows each question’s direction: "yes" is fine for a sealed box, negative for unauthorized persons', () => {
    const { rows } = validateAnswers(QUESTIONS, { ballot_box_sealed: 'yes', unauthorized_persons_present: 'no' });
    expect(rows.map((r) => [r.questionCode, r.negative])).toEqual([
      ['ballot_box_sealed', false],
      ['unauthorized_persons_present', false],
    ]);
  });

  it.each([
    [true, 'yes'],
    [false, 'no'],
    ['YES', 'yes'],
    [' No ', 'no'],
  ])('normalizes the yes/no answer %p to %p', (given, stored) => {
    const { rows, errors } = validateAnswers(QUESTIONS, { ballot_box_sealed: given });
    expect(errors).toEqual([]);
    expect(rows[0].value).toBe(stored);
  });

  it('accepts partial only where the question allows it', () => {
    expect(validateAnswers(QUESTIONS, { procedures_followed: 'Partial' }).rows[0].value).toBe('partial');
    const { rows, errors } = validateAnswers(QUESTIONS, { ballot_box_sealed: 'partial' });
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { field: 'answers.ballot_box_sealed', message: 'answers.ballot_box_sealed: must be yes or no' },
    ]);
  });

  it('names an unknown question code', () => {
    const { errors } = validateAnswers(QUESTIONS, { ballot_box_sealed: 'yes', box_painted_blue: 'yes' });
    expect(errors).toEqual([
      {
        field: 'answers.box_painted_blue',
        message: 'answers.box_painted_blue: there is no question "box_painted_blue" in this checklist',
      },
    ]);
  });

  it.each([
    ['ballot_box_sealed', 'maybe', 'must be yes or no'],
    ['ballot_box_sealed', 1, 'must be yes or no'],
    ['procedures_followed', 'mostly', 'must be yes, no or partial'],
    ['voters_in_queue', 'many', 'must be a number'],
    ['voters_in_queue', '12abc', 'must be a number'],
    ['voters_in_queue', true, 'must be a number'],
    ['voters_in_queue', '1e999', 'must be a number'],
    ['queue_outside', 'endless', 'must be one of none, short, long'],
    ['queue_outside', 3, 'must be one of none, short, long'],
    ['comments', 42, 'must be text'],
    ['comments', { nested: true }, 'must be text'],
    ['comments', 'x'.repeat(2001), 'must be at most 2000 characters long'],
  ])('refuses %s = %p (wrong type) naming the question', (code, value, reason) => {
    const { rows, errors } = validateAnswers(QUESTIONS, { [code]: value });
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ field: `answers.${code}`, message: `answers.${code}: ${reason}` }]);
  });

  it('reads numbers written as text, and stores them in plain decimal', () => {
    const { rows } = validateAnswers(QUESTIONS, { voters_in_queue: ' 007 ' });
    expect(rows[0].value).toBe('7');
    expect(validateAnswers(QUESTIONS, { voters_in_queue: '2.5' }).rows[0].value).toBe('2.5');
    expect(validateAnswers(QUESTIONS, { voters_in_queue: 0 }).rows[0].value).toBe('0');
  });

  it('matches choice options regardless of case and stores the option as written', () => {
    expect(validateAnswers(QUESTIONS, { queue_outside: 'LONG' }).rows[0]).toMatchObject({
      value: 'long',
      negative: true,
    });
  });

  it('treats null and empty answers as not answered: a row without value, never negative', () => {
    const { rows, errors } = validateAnswers(QUESTIONS, {
      ballot_box_sealed: null,
      comments: '   ',
      voters_in_queue: '',
    });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { questionCode: 'ballot_box_sealed', questionText: 'Question ballot_box_sealed?', value: null, negative: false },
      { questionCode: 'voters_in_queue', questionText: 'Question voters_in_queue?', value: null, negative: false },
      { questionCode: 'comments', questionText: 'Question comments?', value: null, negative: false },
    ]);
  });

  it('makes no row for a question left out', () => {
    expect(validateAnswers(QUESTIONS, {})).toEqual({ rows: [], errors: [] });
  });

  it('refuses a missing, null or empty answer to a required question', () => {
    const questions = [question({ code: 'ballot_box_sealed', type: 'yes_no', required: true, text: 'Box sealed?' })];
    const expected = [
      {
        field: 'answers.ballot_box_sealed',
        message: 'answers.ballot_box_sealed: an answer is required ("Box sealed?")',
      },
    ];
    expect(validateAnswers(questions, {}).errors).toEqual(expected);
    expect(validateAnswers(questions, { ballot_box_sealed: null }).errors).toEqual(expected);
    expect(validateAnswers(questions, { ballot_box_sealed: ' ' }).errors).toEqual(expected);
    expect(validateAnswers(questions, { ballot_box_sealed: 'yes' }).errors).toEqual([]);
  });

  it('reports every problem at once', () => {
    const { errors } = validateAnswers(QUESTIONS, { nope: 1, ballot_box_sealed: 'x', voters_in_queue: 'y' });
    expect(errors.map((e) => e.field)).toEqual([
      'answers.nope',
      'answers.ballot_box_sealed',
      'answers.voters_in_queue',
    ]);
  });

  it.each([[null], [[]], ['yes']])('refuses answers that are not an object (%p)', (answers) => {
    expect(validateAnswers(QUESTIONS, answers as never).errors).toEqual([
      { field: 'answers', message: 'answers must be an object of { questionCode: value }' },
    ]);
  });

  it('is not fooled by inherited property names', () => {
    const { errors } = validateAnswers(QUESTIONS, { constructor: 'yes' });
    expect(errors[0].field).toBe('answers.constructor');
  });
});
