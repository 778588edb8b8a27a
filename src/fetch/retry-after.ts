/** The longest wait a Retry-After may ask of us; beyond it, our own backoff decides. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

/** Statuses whose Retry-After means "come back later" (RFC 9110 §10.2.3). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * A Retry-After header as a delay in ms from `now`: delay-seconds (`120`) or an HTTP-date.
 * Null when absent or unreadable; a date in the past is 0; capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (/[a-z]/i.test(text)) ms = Date.parse(text) - now;
  else return null;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
