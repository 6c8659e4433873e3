import { parse } from 'qs';

// Per parsed query: the `__proto__` keys qs dropped, for the input checks to refuse.
const droppedKeys = new WeakMap<object, string[]>();

/**
 * A query string as qs reads it (`?a[b]=1`, repeated keys), as the API has read them since
 * Express. A key named like a member of Object.prototype (`?toString=1`) is kept rather than
 * silently dropped, so the input checks refuse it as any unknown key; qs drops `__proto__`
 * whatever it is told, so that one is noted as it is decoded.
 */
export function parseQueryString(text: string): Record<string, unknown> {
  const dropped: string[] = [];
  const query = parse(text, {
    allowPrototypes: true,
    decoder: (part, decode, charset, kind) => {
      const decoded: unknown = decode(part, decode, charset);
      if (kind === 'key' && typeof decoded === 'string' && /(?:^|\[)__proto__(?:\]|$)/.test(decoded)) {
        dropped.push(decoded);
      }
      return decoded;
    },
  });
  if (dropped.length) droppedKeys.set(query, dropped);
  return query;
}

/** The `__proto__` keys parseQueryString found in `query` (and qs left out of it). */
export function droppedPrototypeKeys(query: unknown): readonly string[] {
  return (typeof query === 'object' && query !== null && droppedKeys.get(query)) || [];
}
