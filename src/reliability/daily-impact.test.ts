import { describe, expect, it } from 'vitest';
import { emptyAnalysis, flaggedStale, type IncidentAnalysis } from '../domain/index.ts';
import { makeIncident, makeUpdate } from '../../test/support/builders.ts';
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

// GitHub's ljwdk6qml8z8 as fixtures/vendors/statuspage-v2/github__summary.json (captured
// 2022-11-25T15:50:05.892Z) has it: open, major, started 14:39:09.542Z, last update 15:50:04.967Z;
// github__summary-2026-07-31.json no longer lists it, so it is flagged stale at that capture.
const GITHUB_CAPTURE_2026 = Date.parse('2026-07-31T03:29:01.470Z');
const githubOpenIn2022 = makeIncident({
  providerSlug: 'github',
  vendorId: 'ljwdk6qml8z8',
  title: 'Incident with Packages and Pages',
  impact: 'major',
  createdAt: Date.parse('2022-11-25T14:39:09.548Z'),
  startedAt: Date.parse('2022-11-25T14:39:09.542Z'),
  firstSeenAt: Date.parse('2022-11-25T15:50:05.892Z'),
  updates: ['14:39:09.577', '15:06:53.071', '15:50:04.967'].map((t, n) =>
    makeUpdate({ vendorId: `u${String(n)}`, createdAt: Date.parse(`2022-11-25T${t}Z`), displayedAt: Date.parse(`2022-11-25T${t}Z`) }),
  ),
}); // prettier-ignore
const githubStale = flaggedStale(githubOpenIn2022, GITHUB_CAPTURE_2026);

describe('dailyImpact, set-aside incidents and the newest data held', () => {
  it('counts a stale incident only up to its last word, not to now', () => {
    expect(githubStale).not.toBeNull();
    const now = Date.UTC(2022, 11, 5, 12);
    const from = Date.UTC(2022, 10, 1);
    const stale = dailyImpact([githubStale ?? githubOpenIn2022], now, 12, from);
    expect(stale.map((d) => d.worst)).toEqual(['none', 'major', ...Array<string>(10).fill('none')]);
    // The same incident not set aside is still open as far as we know: every day to now.
    const open = dailyImpact([githubOpenIn2022], now, 12, from);
    expect(open.filter((d) => d.worst === 'major')).toHaveLength(11);
  });

  it('shows the days after the newest data as no data, never as the last status seen', () => {
    // The 2026 view of that capture: 90 days up to 2026-11-30, data through 2026-07-31.
    const now = Date.UTC(2026, 10, 30, 2);
    const days = dailyImpact([githubStale ?? githubOpenIn2022], now, 90, Date.UTC(2022, 10, 25), new Map(), GITHUB_CAPTURE_2026);
    expect(new Set(days.map((d) => d.worst))).toEqual(new Set(['no_data']));
  }); // prettier-ignore

  it('ends an incident still open at the last capture at that capture', () => {
    // OpenAI's 01M3Q4RK1SM4EMK445GGPG7C0N in fixtures/vendors/incidentio/openai__api-v2-summary.json
    // (captured 2026-09-29T18:29:41Z): open, minor, created 17:52:52Z.
    const capture = Date.parse('2026-09-29T18:29:41Z');
    const openai = makeIncident({
      providerSlug: 'openai', vendorId: '01M3Q4RK1SM4EMK445GGPG7C0N', impact: 'minor',
      createdAt: Date.parse('2026-09-29T17:52:52Z'), startedAt: null, firstSeenAt: capture,
      updates: [makeUpdate({ createdAt: Date.parse('2026-09-29T17:52:52Z'), displayedAt: Date.parse('2026-09-29T17:52:52Z') })],
    }); // prettier-ignore
    const now = Date.UTC(2026, 10, 30, 2);
    const days = dailyImpact([openai], now, 90, Date.parse('2026-07-09T19:25:56Z'), new Map(), capture);
    const sept29 = days.findIndex((d) => d.day === Date.UTC(2026, 8, 29));
    expect(days[sept29]?.worst).toBe('minor');
    expect(days.slice(0, sept29).every((d) => d.worst === 'none')).toBe(true);
    expect(days.slice(sept29 + 1).every((d) => d.worst === 'no_data')).toBe(true);
  }); // prettier-ignore
});
