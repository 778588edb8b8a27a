import { describe, expect, it } from 'vitest';
import { isStale } from './source-staleness.ts';
import type { SourceHealth } from './model.ts';

const HEALTHY: SourceHealth = {
  lastSuccessAt: null,
  lastErrorAt: null,
  lastErrorKind: null,
  lastErrorMessage: null,
  consecutiveFailures: 0,
  lastChangeAt: null,
};

describe('isStale', () => {
  it('calls a source stale after three intervals without success', () => {
    const h = { ...HEALTHY, lastSuccessAt: 0 };
    expect(isStale(h, 60_000, 180_000)).toBe(false);
    expect(isStale(h, 60_000, 180_001)).toBe(true);
  });

  it('never calls a source stale that has not succeeded yet', () => {
    expect(isStale(HEALTHY, 60_000, 10 * 60_000)).toBe(false);
  });
});
