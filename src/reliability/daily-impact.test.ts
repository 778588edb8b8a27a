import { describe, expect, it } from 'vitest';
import { emptyAnalysis, type IncidentAnalysis } from '../domain/index.ts';
import { makeIncident } from '../../test/support/builders.ts';
import { dailyImpact } from './daily-impact.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 30, 12);
const TODAY = Date.UTC(2025, 5, 30);
const HOUR = 3_600_000;

describe('dailyImpact', () => {
  it('marks each day with the worst overlapping impact, and days before data as no data', () => {
    const incidents = [
      makeIncident({
        vendorId: 'a',
        impact: 'minor',
        startedAt: TODAY - 2 * DAY + 1000,
        status: 'resolved',
        resolvedAt: TODAY - DAY + 1000,
      }),
      makeIncident({
        vendorId: 'b',
        impact: 'critical',
        startedAt: TODAY - DAY + 5000,
        status: 'resolved',
        resolvedAt: TODAY - DAY + 9000,
      }),
      makeIncident({ vendorId: 'c', impact: null, startedAt: TODAY + 1000 }),
    ];
    const days = dailyImpact(incidents, NOW, 5, TODAY - 3 * DAY);
    expect(days.map((d) => [d.day, d.worst, d.incidents])).toEqual([
      [TODAY - 4 * DAY, 'no_data', 0],
      [TODAY - 3 * DAY, 'none', 0],
      [TODAY - 2 * DAY, 'minor', 1],
      [TODAY - DAY, 'critical', 2],
      [TODAY, 'unknown', 1],
    ]);
    expect(dailyImpact([], NOW, 2, null).map((d) => d.worst)).toEqual(['no_data', 'no_data']);
  });

  it("places an incident by the impact window the vendor's words give, else by its posts", () => {
    const incident = makeIncident({
      vendorId: 'w',
      impact: 'major',
      startedAt: TODAY - HOUR,
      status: 'resolved',
      resolvedAt: TODAY,
    });
    // Written later: "the issue began two days before our first post" (an invented window).
    const analysis: IncidentAnalysis = {
      ...emptyAnalysis(),
      impactStartedAt: {
        at: TODAY - 2 * DAY,
        sentence: 's',
        confidence: 'high',
        source: 'window',
        zone: 'UTC',
        assumptions: [],
      },
    };
    const byWords = dailyImpact(
      [incident],
      NOW,
      4,
      TODAY - 10 * DAY,
      new Map([['acme\nw', analysis]]),
    );
    expect(byWords.map((d) => d.worst)).toEqual(['none', 'major', 'major', 'major']);
    const byPosts = dailyImpact([incident], NOW, 4, TODAY - 10 * DAY);
    expect(byPosts.map((d) => d.worst)).toEqual(['none', 'none', 'major', 'major']);
  });
});
