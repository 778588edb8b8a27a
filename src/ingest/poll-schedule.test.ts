import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL, MAX_BACKOFF_MS, nextPollAt } from './poll-schedule.ts';

const mid = (): number => 0.5; // no jitter
const base = { now: 1_000_000, poll: DEFAULT_POLL, random: mid };

describe('nextPollAt', () => {
  it('polls every 60 s by default and every 15 s while an incident is open', () => {
    expect(nextPollAt({ ...base, hasOpenIncident: false, consecutiveFailures: 0 })).toBe(1_060_000);
    expect(nextPollAt({ ...base, hasOpenIncident: true, consecutiveFailures: 0 })).toBe(1_015_000);
  });

  it('backs off by doubling after failures, capped at 15 minutes', () => {
    expect(nextPollAt({ ...base, hasOpenIncident: false, consecutiveFailures: 1 })).toBe(1_120_000);
    expect(nextPollAt({ ...base, hasOpenIncident: false, consecutiveFailures: 3 })).toBe(1_480_000);
    expect(nextPollAt({ ...base, hasOpenIncident: false, consecutiveFailures: 50 })).toBe(
      1_000_000 + MAX_BACKOFF_MS,
    );
  });

  it('spreads polls by at most ±10% jitter', () => {
    const low = nextPollAt({
      ...base,
      random: () => 0,
      hasOpenIncident: false,
      consecutiveFailures: 0,
    });
    const high = nextPollAt({
      ...base,
      random: () => 0.999999,
      hasOpenIncident: false,
      consecutiveFailures: 0,
    });
    expect(low).toBe(1_054_000);
    expect(high).toBeGreaterThan(1_065_990);
    expect(high).toBeLessThanOrEqual(1_066_000);
  });
});
