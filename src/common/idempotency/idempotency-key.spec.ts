import fc from 'fast-check';
import { canonicalJson, hashRequest } from './idempotency-key';

/** What canonicalJson answered before it was written out by hand; stored request hashes use it. */
function replacerCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('lists array-index keys first in numeric order, as the former version did', () => {
    expect(canonicalJson({ b: 1, '10': 1, a: 1, '9': 1, '01': 1 })).toBe('{"9":1,"10":1,"01":1,"a":1,"b":1}');
  });

  it('drops undefined fields, writes undefined array items as null, dates as ISO text', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date('2024-02-07T08:00:00Z') })).toBe(
      '{"b":[null],"c":"2024-02-07T08:00:00.000Z"}',
    );
  });

  it('gives exactly the text the former replacer version gave, for any JSON (stored hashes stay valid)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(replacerCanonicalJson(value));
      }),
      { numRuns: 5000 },
    );
    const indexLikeKey = fc.oneof(
      fc.nat().map(String),
      fc.constantFrom('4294967294', '4294967295', '01', '-1'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.dictionary(indexLikeKey, fc.jsonValue({ maxDepth: 2 })), (value) => {
        expect(canonicalJson(value)).toBe(replacerCanonicalJson(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes a re-send with fields in another order to the same value', () => {
    expect(hashRequest({ body: { title: 'x', type: 'meeting' } })).toBe(
      hashRequest({ body: { type: 'meeting', title: 'x' } }),
    );
  });
});
