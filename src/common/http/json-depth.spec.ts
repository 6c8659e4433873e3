import fc from 'fast-check';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/** The nesting of a parsed value, counted as the scan counts it: each array or object is a level. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, whatever the strings hold (brackets, quotes, backslashes)', () => {
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ' ') });
    fc.assert(
      fc.property(
        fc.letrec((tie) => ({
          value: fc.oneof(
            { depthSize: 'small' },
            text,
            fc.integer(),
            fc.array(tie('value'), { maxLength: 3 }),
            fc.dictionary(text, tie('value'), { maxKeys: 3 }),
          ),
        })).value,
        fc.integer({ min: 0, max: 6 }),
        (value, max) => {
          const json = JSON.stringify(value);
          expect(nestsDeeperThan(json, max)).toBe(depthOf(JSON.parse(json)) > max);
        },
      ),
    );
  });

  it('finds a megabyte of brackets too deep, without parsing it', () => {
    expect(nestsDeeperThan('['.repeat(1_000_000), MAX_JSON_DEPTH)).toBe(true);
    // Text past the first bracket too deep is never looked at: it need not even be JSON.
    expect(nestsDeeperThan(`${'['.repeat(MAX_JSON_DEPTH + 1)}not json at all`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('takes the deepest body of the API, a checklist, with room to spare', () => {
    const checklist = {
      questions: [{ code: 'a', text: 'A?', type: 'choice', options: ['x', 'y'], negativeAnswers: ['x'] }],
    };
    expect(depthOf(checklist)).toBe(4);
    expect(nestsDeeperThan(JSON.stringify(checklist), MAX_JSON_DEPTH)).toBe(false);
  });
});
