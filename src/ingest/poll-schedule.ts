import type { EpochMs, PollSettings } from '../domain/index.ts';

export const DEFAULT_POLL: PollSettings = { intervalMs: 60_000, openIncidentIntervalMs: 15_000 };
export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * While an incident stays open and nothing changes, each quiet poll waits this much longer than
 * the one before, from the open-incident interval up to the normal one: 15, 19, 23, 29, 37, 46,
 * 57, 60 s at the defaults, about four minutes of fast polls after each change. Vendors post
 * most follow-ups minutes apart, and a 15 s cadence for a whole open incident cost a busy week
 * 80 requests per provider-hour where the goal is 75.
 */
const OPEN_INCIDENT_GROWTH = 1.25;

/**
 * When to poll a source next: every interval normally; while it has an open incident, at the
 * open-incident interval right after a change, then slower with each quiet poll back to the
 * normal interval (so detection lag stays within one normal interval); doubling after each
 * consecutive failure up to 15 minutes. ±10% jitter keeps a fleet from polling in lockstep.
 * `random` is injectable so tests are exact.
 */
export function nextPollAt(input: {
  now: EpochMs;
  poll: PollSettings;
  hasOpenIncident: boolean;
  consecutiveFailures: number;
  /**
   * For a poll that saw no change (a 304): when the previous poll of this source succeeded.
   * Absent after a change, or null when unknown: the open-incident interval starts over.
   */
  previousPollAt?: EpochMs | null;
  random?: () => number;
}): EpochMs {
  const random = input.random ?? Math.random;
  const base = input.hasOpenIncident ? openIncidentInterval(input) : input.poll.intervalMs;
  const backoff =
    input.consecutiveFailures > 0
      ? Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(input.consecutiveFailures, 20))
      : base;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return input.now + Math.round(backoff * jitter);
}

// --- internal ---

function openIncidentInterval(input: {
  now: EpochMs;
  poll: PollSettings;
  previousPollAt?: EpochMs | null;
}): number {
  const { openIncidentIntervalMs: fast, intervalMs: normal } = input.poll;
  if (input.previousPollAt === undefined || input.previousPollAt === null) return fast;
  const previous = input.now - input.previousPollAt;
  return Math.max(fast, Math.min(normal, Math.round(previous * OPEN_INCIDENT_GROWTH)));
}
