import type { EpochMs, PollSettings } from '../domain/index.ts';

export const DEFAULT_POLL: PollSettings = { intervalMs: 60_000, openIncidentIntervalMs: 15_000 };
export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * When to poll a source next: every interval normally, faster while it has an open incident,
 * doubling after each consecutive failure up to 15 minutes. ±10% jitter keeps a fleet from
 * polling in lockstep. `random` is injectable so tests are exact.
 */
export function nextPollAt(input: {
  now: EpochMs;
  poll: PollSettings;
  hasOpenIncident: boolean;
  consecutiveFailures: number;
  random?: () => number;
}): EpochMs {
  const random = input.random ?? Math.random;
  const base = input.hasOpenIncident ? input.poll.openIncidentIntervalMs : input.poll.intervalMs;
  const backoff =
    input.consecutiveFailures > 0
      ? Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(input.consecutiveFailures, 20))
      : base;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return input.now + Math.round(backoff * jitter);
}
