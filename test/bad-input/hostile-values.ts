import fc from 'fast-check';

/**
 * The classes of values issue 20 found breaking the tracker, as fast-check arbitraries for the
 * bad-input properties and fuzzer: numbers at and past the limits of the engines' integers, JSON
 * nested deeper than any body of the API, text that neither engine stores as sent, and keys named
 * like Object.prototype's members.
 */

/** The largest PostgreSQL `integer`, the type of the ids, counts and versions. */
export const INT32_MAX = 2_147_483_647;

/** Numbers around every limit an engine or JavaScript has, as JSON numbers. */
export const numberAtLimits = fc.constantFrom(
  INT32_MAX,
  INT32_MAX + 1,
  -INT32_MAX - 1,
  -INT32_MAX - 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 63, // just past int64's largest, 2 ** 63 - 1, which JavaScript cannot write
  -(2 ** 63),
  1e20,
  -1e20,
  1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -0,
  0.5,
);

/** The same limits as a query string writes them, and the ways of writing a number it must not take for one. */
export const numericTextAtLimits = fc.oneof(
  numberAtLimits.map((n) => (Object.is(n, -0) ? '-0' : String(n))),
  fc.constantFrom(
    '9223372036854775807',
    '9223372036854775808',
    '-9223372036854775809',
    '18446744073709551616',
    '99999999999999999999999999999',
    '2147483648',
    '-2147483649',
    '1e20',
    '1e3',
    '0x10',
    '0b1',
    ' 5',
    '',
    '1.5',
    'Infinity',
    'NaN',
    '-1',
  ),
);

/** U+0000, and UTF-16 surrogates without their other half: what neither engine stores as sent. */
export const UNSTORABLE_CHARACTERS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'] as const;

/** Text with at least one unstorable character somewhere in it (start, middle or end). */
export const unstorableText = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...UNSTORABLE_CHARACTERS), fc.string({ maxLength: 10 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/**
 * Any UTF-16 text: every code unit alone (so NUL and lone surrogates too), and well-formed pairs.
 * What the API answers for it must be what it stores, or a 400.
 */
export const anyUtf16Text = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom(...UNSTORABLE_CHARACTERS),
    fc.constantFrom('\ud83d\uddf3', 'é', 'ß', '\u200b', ' '),
  ),
  minLength: 1,
  maxLength: 12,
});

/** Whether `text` holds a character of UNSTORABLE_CHARACTERS' kind (a paired surrogate is fine). */
export function hasUnstorableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- U+0000 is one of the characters it looks for
  return /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * `text` as a server reads it after it was sent as UTF-8 (a CSV file, a URL): each lone surrogate
 * becomes U+FFFD, as UTF-8 cannot write one. Only JSON's \u escapes deliver them.
 */
export const asSentInUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** The members of Object.prototype, and `prototype`, which Nest's validation pipe deletes. */
export const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

/** A key named like one of PROTOTYPE_NAMES. */
export const prototypeName = fc.constantFrom(...PROTOTYPE_NAMES);

/** `inner` wrapped in `depth` arrays or objects (JSON text; JSON.stringify would overflow on deep values). */
export function nestedJson(depth: number, inner: string, kind: 'array' | 'object' | 'mixed' = 'array'): string {
  const parts: string[] = [];
  let closing = '';
  for (let level = 0; level < depth; level++) {
    const object = kind === 'object' || (kind === 'mixed' && level % 2 === 1);
    parts.push(object ? '{"a":' : '[');
    closing = (object ? '}' : ']') + closing;
  }
  return parts.join('') + inner + closing;
}

/** A JSON text nested `depth` deep as the value of `field` of an object (the body's own brackets count 1). */
export const deepBodyArbitrary = (depths: fc.Arbitrary<number>, field: fc.Arbitrary<string>) =>
  fc
    .tuple(depths, field, fc.constantFrom<'array' | 'object' | 'mixed'>('array', 'object', 'mixed'))
    .map(([depth, name, kind]) => ({ depth, text: `{${JSON.stringify(name)}:${nestedJson(depth - 1, '1', kind)}}` }));
