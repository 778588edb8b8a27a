import type { EpochMs } from '../domain/index.ts';

export interface RetryPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
  /** After this long since the delivery was created, a failure dead-letters it. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 10_000,
  maxDelayMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
};

/**
 * After a failed attempt: when to try again, or null to dead-letter. Exponential with "equal
 * jitter" (half fixed, half random) so retries of a fan-out spread out instead of arriving
 * together; the last retry lands on the deadline rather than past it.
 */
export function nextAttemptAt(input: {
  attempts: number;
  createdAt: EpochMs;
  now: EpochMs;
  policy: RetryPolicy;
  random?: () => number;
}): EpochMs | null {
  const { policy, now } = input;
  const deadline = input.createdAt + policy.giveUpAfterMs;
  if (now >= deadline) return null;
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(input.attempts - 1, 0), 30);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const random = input.random ?? Math.random;
  const delay = capped / 2 + (capped / 2) * random();
  return Math.min(deadline, now + Math.round(delay));
}
