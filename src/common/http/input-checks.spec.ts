import { inputErrors } from './input-checks';
import { droppedPrototypeKeys, parseQueryString } from './query-string';

describe('inputErrors', () => {
  it('names every string and key either engine cannot store, at its path', () => {
    const errors = inputErrors({ a: 'x\u0000', b: [{ c: 'ok', 'd\ud800': 1 }], e: { f: ['\udc00'] } });
    expect(errors.map((e) => e.field)).toEqual(['a', 'b.0.d\ud800', 'e.f.0']);
    expect(errors[0].message).toBe('a must not contain the NUL character (U+0000)');
  });

  it('names every key named like a member of Object.prototype, as class-validator names an unknown one', () => {
    const body: unknown = JSON.parse(
      '{"toString":1,"answers":{"valueOf":"yes","__proto__":"no"},"questions":[{"constructor":1}]}',
    );
    expect(inputErrors(body)).toEqual([
      { field: 'toString', message: 'property toString should not exist' },
      { field: 'answers.valueOf', message: 'property valueOf should not exist' },
      { field: 'answers.__proto__', message: 'property __proto__ should not exist' },
      { field: 'questions.0.constructor', message: 'property constructor should not exist' },
    ]);
  });

  it('finds nothing in ordinary input', () => {
    expect(inputErrors({ name: 'Ayşe 🗳', tags: ['a', 'b'], answers: { code: 1, constructors: 'x' } })).toEqual([]);
  });
});

describe('parseQueryString', () => {
  it("keeps keys named like Object.prototype's members, for the checks to refuse", () => {
    const query = parseQueryString('toString=1&a[hasOwnProperty]=2&q=x');
    expect(Object.keys(query)).toEqual(['toString', 'a', 'q']);
    expect(inputErrors(query).map((e) => e.field)).toEqual(['toString', 'a.hasOwnProperty']);
  });

  it('notes the __proto__ keys qs drops, written plainly or percent-encoded', () => {
    for (const text of ['__proto__=1', 'a[__proto__]=1', '%5F%5Fproto%5F%5F=1']) {
      const query = parseQueryString(text);
      expect(droppedPrototypeKeys(query).length).toBe(1);
      expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    }
    expect(droppedPrototypeKeys(parseQueryString('proto=1&a[b]=2'))).toEqual([]);
  });

  it('reads brackets and repeated keys as qs does', () => {
    expect(parseQueryString('a[b]=1&c=2&c=3')).toEqual({ a: { b: '1' }, c: ['2', '3'] });
  });
});
