import { createHash, randomBytes } from 'node:crypto';

/**
 * Confirmation and unsubscribe tokens: 32 bytes from the CSPRNG, base64url (43 characters), so
 * guessing one is hopeless and no rate limit is needed on the links themselves.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of a token: its SHA-256 in hex. A copy of the database (a
 * backup, a leaked dump) then cannot confirm a subscription. A plain digest, not a slow
 * password hash, is enough: the token has 256 bits of entropy, nothing to brute-force.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
