import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a webhook receiver does, written apart from src/alerts/channels/signature.ts so that a
 * mistake there cannot hide itself: read `t` and `v1`, recompute HMAC-SHA256 over `${t}.${body}`
 * with the shared secret, compare in constant time, and refuse timestamps older than 5 minutes.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
): boolean {
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const t = Number(fields.get('t'));
  const given = Buffer.from(fields.get('v1') ?? '', 'hex');
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
