import { CsvError, CsvErrors, MAX_LISTED_ERRORS } from './csv-errors';

/** The body of the 400 that rejects a file. */
interface Rejection {
  message: string;
  totalErrors: number;
  errors: CsvError[];
}

describe('CsvErrors', () => {
  it('lists errors in line order and counts rows, not errors, in the message', () => {
    const errors = new CsvErrors();
    errors.add(9, 'code', 'repeats line 3');
    errors.add(3, 'type', 'bad');
    errors.add(3, 'latitude', 'bad');
    const body = errors.toException().getResponse() as Rejection;
    expect(body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: '2 rows have errors',
      totalErrors: 3,
    });
    expect(body.errors.map((e) => e.line)).toEqual([3, 3, 9]);
  });

  it('caps the list but says how many errors there are in all', () => {
    const errors = new CsvErrors();
    for (let line = 2; line < MAX_LISTED_ERRORS + 502; line++) errors.add(line, 'code', 'is required');
    const body = errors.toException().getResponse() as Rejection;
    expect(body.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(body.totalErrors).toBe(MAX_LISTED_ERRORS + 500);
    expect(body.message).toBe(`1500 rows have errors (1500 errors; the first ${MAX_LISTED_ERRORS} are listed)`);
  });

  it('throws only when something was found', () => {
    const errors = new CsvErrors();
    expect(() => errors.throwIfAny()).not.toThrow();
    errors.add(2, null, 'bad row');
    expect(() => errors.throwIfAny()).toThrow('1 row has errors');
  });
});
