import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, nextAttemptAt } from './backoff.ts';

const HOUR = 3_600_000;
const at = (attempts: number, now: number, random: number) =>
  nextAttemptAt({ attempts, createdAt: 0, now, policy: DEFAULT_RETRY, random: () => random });

describe('nextAttemptAt', () => {
  it('doubles the wait after each failure, with jitter between half and all of it', () => {
    expect(at(1, 0, 0)).toBe(5_000);
    expect(at(1, 0, 1)).toBe(10_000);
    expect(at(2, 0, 1)).toBe(20_000);
    expect(at(4, 1_000, 0.5)).toBe(1_000 + 60_000);
  });

  it('never waits more than the cap between two attempts', () => {
    expect(at(30, 0, 1)).toBe(HOUR);
  });

  it('lands the last retry on the 24 h deadline, then dead-letters', () => {
    expect(at(20, 23.9 * HOUR, 1)).toBe(24 * HOUR);
    expect(at(21, 24 * HOUR, 1)).toBeNull();
  });
});
