import fc from 'fast-check';
import { unstorableTextReason } from './storable-text';

describe('unstorableTextReason', () => {
  it('refuses U+0000 and lone surrogates, wherever they are', () => {
    for (const bad of ['\u0000', 'a\u0000', '\ud800', 'a\ud800b', '\udfff', '\udc00\ud800', 'x\ud83d']) {
      expect(unstorableTextReason(bad)).not.toBeNull();
    }
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableTextReason('a\ud800b')).toMatch(/U\+D800/);
  });

  it('takes any well-formed text without U+0000: paired surrogates, other control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(unstorableTextReason(text.split('\u0000').join(''))).toBeNull();
      }),
    );
    expect(unstorableTextReason('\ud83d\uddf3 \u0001\u001f\ufffd')).toBeNull();
  });

  it('agrees with isWellFormed on any UTF-16 text without U+0000', () => {
    const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 1, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          expect(unstorableTextReason(text) === null).toBe(isWellFormed(text));
        },
      ),
    );
  });
});
