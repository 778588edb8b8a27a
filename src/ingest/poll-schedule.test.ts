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

describe('nextPollAt while an incident stays open', () => {
  const open = { ...base, hasOpenIncident: true, consecutiveFailures: 0 };

  it('polls at the open-incident interval right after a change', () => {
    expect(nextPollAt({ ...open })).toBe(1_015_000);
    expect(nextPollAt({ ...open, previousPollAt: null })).toBe(1_015_000);
  });

  it('waits a quarter longer after each quiet poll, back up to the normal interval', () => {
    const intervals: number[] = [];
    let previous = base.now - 15_000;
    let now = base.now;
    for (let i = 0; i < 9; i += 1) {
      const next = nextPollAt({ ...open, now, previousPollAt: previous });
      intervals.push(next - now);
      previous = now;
      now = next;
    }
    expect(intervals).toEqual([
      18_750, 23_438, 29_298, 36_623, 45_779, 57_224, 60_000, 60_000, 60_000,
    ]);
  });

  it('never polls slower than the normal interval, nor faster than the open one', () => {
    expect(nextPollAt({ ...open, previousPollAt: base.now - 3_600_000 })).toBe(1_060_000);
    expect(nextPollAt({ ...open, previousPollAt: base.now - 1_000 })).toBe(1_015_000);
  });

  it('backs off from the grown interval after a failure', () => {
    const failed = { ...open, consecutiveFailures: 1, previousPollAt: base.now - 40_000 };
    expect(nextPollAt(failed)).toBe(1_100_000);
  });
});
