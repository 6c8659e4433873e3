import { BadRequestException } from '@nestjs/common';
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Long enough for a phone that is offline over election night to re-send the next morning. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;
const SCOPE_MAX = 300;

/** The header's value, or 400 when it cannot be a key (a client bug worth telling early). */
export function parseIdempotencyKey(raw: string | string[]): string {
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  if (!KEY_PATTERN.test(value)) {
    throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 printable ASCII characters`);
  }
  return value;
}

/**
 * Keys belong to a user and a route: two observers who both pick "1" do not collide, and a key
 * used on the import is a different key on the event route.
 */
export function idempotencyScope(userId: number | null | undefined, method: string, path: string): string {
  const scope = `${userId ?? 'anonymous'} ${method.toUpperCase()} ${path}`;
  // Paths are short for every real route; hashing keeps an absurd one inside the column.
  return scope.length <= SCOPE_MAX ? scope : `sha256:${createHash('sha256').update(scope).digest('hex')}`;
}

/**
 * JSON with object keys sorted, so a re-send that orders fields differently is the same request.
 * Written out by hand: JSON.stringify with a replacer that rebuilds every object sorted cost a
 * visible share of a station visit. The text must stay exactly what that gave, because stored
 * request hashes are compared with it (the unit spec checks both agree).
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) as string;
}

/** An array index in the language's sense, which objects always list first, in numeric order. */
const isArrayIndex = (key: string): boolean => {
  const n = Number(key) >>> 0;
  return String(n) === key && n !== 4294967295;
};

/**
 * Keys in the order the former version wrote them: it rebuilt each object from its sorted keys,
 * and an object lists array-index keys ("0", "10") first, in numeric order, then the others in
 * the order given. Object.keys already lists the index keys that way: only the rest is sorted.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indices = 0;
  while (indices < keys.length && isArrayIndex(keys[indices])) indices++;
  return indices === 0 ? keys.sort() : [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

function canonical(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return canonical(json.call(value));
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of sortedKeys(record)) {
    const text = canonical(record[key]);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

export function hashRequest(requestBody: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(requestBody ?? null))
    .digest('hex');
}
