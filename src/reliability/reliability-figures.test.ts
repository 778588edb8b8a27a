import { describe, expect, it } from 'vitest';
import { makeIncident, makeUpdate } from '../storage/_test-builders.ts';
import { postingLagMs, reliabilityFigures } from './reliability-figures.ts';

const NOW = Date.UTC(2025, 5, 30, 12);
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

function resolved(id: string, startDaysAgo: number, minutes: number, extra = {}) {
  const start = NOW - startDaysAgo * DAY;
  return makeIncident({
    vendorId: id, status: 'resolved', startedAt: start, resolvedAt: start + minutes * MINUTE,
    createdAt: start, updates: [makeUpdate({ displayedAt: start, createdAt: start })],
    firstSeenAt: start + MINUTE, ...extra,
  }); // prettier-ignore
}

describe('reliability figures', () => {
  const incidents = [
    resolved('a', 5, 30, { impact: 'major' }),
    resolved('b', 20, 60, { impact: 'minor' }),
    resolved('c', 60, 120, { impact: 'critical' }),
    resolved('maint', 3, 240, { kind: 'maintenance', impact: 'maintenance' }),
    resolved('sample', 2, 10, { isTemplate: true }),
    makeIncident({ vendorId: 'open', impact: null, startedAt: NOW - 45 * MINUTE, updates: [] }),
  ];

  it('counts incidents, minutes by impact and MTTR in each window, leaving out maintenance', () => {
    const d30 = reliabilityFigures(incidents, 30, NOW);
    expect(d30.incidents).toBe(3);
    expect(d30.minutesByImpact).toEqual({
      none: 0,
      minor: 60,
      major: 30,
      critical: 0,
      maintenance: 0,
      unknown: 45,
    });
    expect(d30.mttrMinutes).toBe(45);
    expect(d30.resolvedCount).toBe(2);
    const d90 = reliabilityFigures(incidents, 90, NOW);
    expect(d90.incidents).toBe(4);
    expect(d90.mttrMinutes).toBe(70);
  });

  it('gives the posting lag only where the vendor states a start apart from its post', () => {
    const backdated = resolved('late', 1, 30, {
      startedAt: NOW - DAY - 12 * MINUTE, createdAt: NOW - DAY,
      updates: [makeUpdate({ displayedAt: NOW - DAY, createdAt: NOW - DAY })],
    }); // prettier-ignore
    expect(postingLagMs(backdated)).toBe(12 * MINUTE);
    expect(postingLagMs(makeIncident({ startedAt: null }))).toBeNull();
    const figures = reliabilityFigures([backdated, resolved('x', 2, 10)], 30, NOW);
    expect(figures.postingLagMinutes).toBe(6);
    expect(figures.postingLagSamples).toBe(2);
  });

  it('takes the detection lag from incidents seen live only', () => {
    const history = resolved('old', 3, 10, { firstSeenAt: NOW - DAY });
    const figures = reliabilityFigures([resolved('live', 2, 30), history], 30, NOW);
    expect(figures.detectionLagMinutes).toBe(1);
    expect(reliabilityFigures([], 30, NOW)).toMatchObject({
      incidents: 0,
      mttrMinutes: null,
      postingLagMinutes: null,
      detectionLagMinutes: null,
    });
  });
});
