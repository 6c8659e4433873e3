import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in a config file or a leaked paste, so it can be found and revoked. */
const TOKEN_PREFIX = 'eom_';

/** A new API token: 32 random bytes, base64url. It is shown once and never stored. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of the token. A token carries 256 bits of randomness, so a
 * plain SHA-256 (no salt, no slow hash) cannot be reversed, and it lets the guard find the user
 * with one indexed lookup.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
