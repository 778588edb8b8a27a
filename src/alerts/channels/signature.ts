import { createHmac, randomBytes } from 'node:crypto';
import type { EpochMs } from '../../domain/index.ts';

/** The header receivers check: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'statuswatch-signature';

/**
 * Signs the timestamp with the body, so a captured request cannot be replayed later with a new
 * time: the receiver recomputes the HMAC over `${t}.${rawBody}` and refuses old timestamps.
 */
export function signatureHeader(secret: string, body: string, now: EpochMs): string {
  const t = Math.floor(now / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** A fresh secret for a new webhook subscription (shown once at creation). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
