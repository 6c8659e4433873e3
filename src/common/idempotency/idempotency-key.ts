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

/** JSON with object keys sorted, so a re-send that orders fields differently is the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function hashRequest(requestBody: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(requestBody ?? null))
    .digest('hex');
}
