import { describe, expect, it } from 'vitest';
import { emptyAnalysis, flaggedStale } from '../domain/index.ts';
import { makeIncident, makeUpdate } from '../../test/support/builders.ts';
import { analysisKey, impactSpan, type AnalysisMap } from './impact-span.ts';
import {
  dataFrom,
  dataThrough,
  postingLagMs,
  reliabilityFigures,
  type Coverage,
} from './reliability-figures.ts';

const NOW = Date.UTC(2025, 5, 30, 12);
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

function resolved(id: string, startDaysAgo: number, minutes: number, extra = {}) {
  const start = NOW - startDaysAgo * DAY;
  return makeIncident({
    vendorId: id,
    status: 'resolved',
    startedAt: start,
    resolvedAt: start + minutes * MINUTE,
    createdAt: start,
    updates: [makeUpdate({ displayedAt: start, createdAt: start })],
    firstSeenAt: start + MINUTE,
    ...extra,
  });
}

// Watched for a year, unless a test says otherwise.
const WATCHED: Coverage = { watchingSince: NOW - 365 * DAY, dataFrom: NOW - 365 * DAY };
const figures = (all: Parameters<typeof reliabilityFigures>[0], days: number, coverage = WATCHED) =>
  reliabilityFigures(all, days, NOW, coverage);

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
    const d30 = figures(incidents, 30);
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
    const d90 = figures(incidents, 90);
    expect(d90.incidents).toBe(4);
    expect(d90.mttrMinutes).toBe(70);
  });

  it('gives the posting lag only where the vendor states a start apart from its post', () => {
    const backdated = resolved('late', 1, 30, {
      startedAt: NOW - DAY - 12 * MINUTE,
      createdAt: NOW - DAY,
      updates: [makeUpdate({ displayedAt: NOW - DAY, createdAt: NOW - DAY })],
    });
    expect(postingLagMs(backdated)).toBe(12 * MINUTE);
    expect(postingLagMs(makeIncident({ startedAt: null }))).toBeNull();
    const lags = figures([backdated, resolved('x', 2, 10)], 30);
    expect(lags.postingLagMinutes).toBe(6);
    expect(lags.postingLagSamples).toBe(2);
  });

  it('takes the detection lag from incidents seen live only', () => {
    const history = resolved('old', 3, 10, { firstSeenAt: NOW - DAY });
    const lags = figures([resolved('live', 2, 30), history], 30);
    expect(lags.detectionLagMinutes).toBe(1);
    expect(figures([], 30)).toMatchObject({
      incidents: 0,
      mttrMinutes: null,
      postingLagMinutes: null,
      detectionLagMinutes: null,
    });
  });

  it('counts an incident in every window it overlaps, as its minutes are counted', () => {
    // Open for 61 days (the GitHub feed case of issue 11): it is in the last 30 days too.
    const long = makeIncident({
      vendorId: 'long',
      impact: 'minor',
      startedAt: NOW - 61 * DAY,
      updates: [],
    });
    const before = resolved('before', 40, 60, { impact: 'major' }); // ended 40 days ago
    const d30 = figures([long, before], 30);
    expect([d30.incidents, d30.minutesByImpact.minor, d30.minutesByImpact.major]).toEqual([
      1,
      30 * 1440,
      0,
    ]);
    const d90 = figures([long, before], 90);
    expect([d90.incidents, d90.minutesByImpact.minor, d90.minutesByImpact.major]).toEqual([
      2,
      61 * 1440,
      60,
    ]);
  });

  it('says how much of the window was watched, and "no data" (0 days) when nothing was', () => {
    const fiveDays = { watchingSince: NOW - 5 * DAY, dataFrom: NOW - 5 * DAY };
    expect(figures([], 30, fiveDays).coveredDays).toBe(5);
    expect(figures([], 30).coveredDays).toBe(30);
    expect(figures([], 30, { watchingSince: NOW, dataFrom: null }).coveredDays).toBe(0);
    expect(dataFrom(NOW - DAY, false, [])).toBeNull();
    expect(dataFrom(NOW - DAY, true, [])).toBe(NOW - DAY);
    // Imported history reaching further back than watching counts as data.
    expect(dataFrom(NOW - DAY, true, [resolved('old', 50, 10)])).toBe(NOW - 50 * DAY);
  });

  it('leaves incidents already open when watching began out of both lag medians', () => {
    const since = NOW - 10 * DAY;
    // Started 61 days ago, first post seen (and first sighting) when watching began.
    const inherited = makeIncident({
      vendorId: 'inherited',
      startedAt: NOW - 61 * DAY,
      createdAt: since,
      firstSeenAt: since,
      updates: [makeUpdate({ displayedAt: since, createdAt: since })],
    });
    const live = resolved('live', 2, 30, {
      startedAt: NOW - 2 * DAY - 4 * MINUTE,
      createdAt: NOW - 2 * DAY,
      updates: [makeUpdate({ displayedAt: NOW - 2 * DAY, createdAt: NOW - 2 * DAY })],
      firstSeenAt: NOW - 2 * DAY + MINUTE,
    });
    const lags = figures([inherited, live], 90, { watchingSince: since, dataFrom: since });
    expect(lags.incidents).toBe(2);
    expect([lags.postingLagMinutes, lags.postingLagSamples, lags.detectionLagMinutes]).toEqual([
      4, 1, 1,
    ]);
  });
});

describe('reliability figures with the vendor-words impact window', () => {
  const bound = (at: number) => ({
    at,
    sentence: 'between 01:00 UTC and 14:00 UTC',
    confidence: 'high' as const,
    source: 'window' as const,
    zone: 'UTC',
    assumptions: [],
  });
  // Shaped on GitHub's Avatars incident of issue 10: posted 13:20 → 14:42 (82 min), its words
  // "between 01:00 UTC and 14:00 UTC" (780 min of impact).
  const day = Date.UTC(2025, 5, 27); // midnight UTC, three and a half days before NOW
  const fixedStart = resolved('avatars', 0, 82, {
    impact: 'minor',
    startedAt: day + 800 * MINUTE,
    resolvedAt: day + 882 * MINUTE,
  });
  const plain = resolved('plain', 2, 20, { impact: 'minor' });
  const words = (start: number | null, end: number | null) =>
    new Map([
      [
        analysisKey(fixedStart),
        {
          ...emptyAnalysis(),
          impactStartedAt: start === null ? null : bound(start),
          impactEndedAt: end === null ? null : bound(end),
        },
      ],
    ]);
  const with_ = (analyses: AnalysisMap) =>
    reliabilityFigures([fixedStart, plain], 30, NOW, WATCHED, analyses);

  it('counts impact minutes and MTTR from the words where they give a window, and says how many', () => {
    const f = with_(words(day + 60 * MINUTE, day + 840 * MINUTE));
    expect(f.minutesByImpact.minor).toBe(780 + 20);
    expect(f.minutesFromWords).toBe(780);
    expect(f.mttrMinutes).toBe((780 + 20) / 2);
    expect(f.resolvedFromWords).toBe(1);
  });

  it('falls back to the posts without a window, and for a window ending before it starts', () => {
    for (const analyses of [new Map(), words(day + 840 * MINUTE, day + 60 * MINUTE)]) {
      const f = with_(analyses);
      expect([f.minutesByImpact.minor, f.minutesFromWords, f.resolvedFromWords]).toEqual([
        82 + 20,
        0,
        0,
      ]);
    }
  });

  it('takes a start from the words and the end from the posts when only the start is written', () => {
    const f = with_(words(day + 760 * MINUTE, null));
    // 12:40 (words) → 14:42 (posted resolution): 122 minutes.
    expect(f.minutesFromWords).toBe(122);
    expect(impactSpan(fixedStart, words(day + 760 * MINUTE, null))).toEqual({
      start: day + 760 * MINUTE,
      end: day + 882 * MINUTE,
      fromWords: true,
    });
  });
});

describe('reliabilityFigures, set-aside incidents and the newest data held', () => {
  // GitHub's ljwdk6qml8z8 as fixtures/vendors/statuspage-v2/github__summary.json (2022-11-25)
  // has it: open, major, started 14:39:09.542Z, last word 15:50:04.967Z; flagged stale at the
  // github__summary-2026-07-31.json capture, which no longer lists it.
  const capture2026 = Date.parse('2026-07-31T03:29:01.470Z');
  const lastWord = Date.parse('2022-11-25T15:50:04.967Z');
  const open = makeIncident({
    providerSlug: 'github', vendorId: 'ljwdk6qml8z8', impact: 'major',
    createdAt: Date.parse('2022-11-25T14:39:09.548Z'), startedAt: Date.parse('2022-11-25T14:39:09.542Z'),
    firstSeenAt: Date.parse('2022-11-25T15:50:05.892Z'),
    updates: [makeUpdate({ createdAt: lastWord, displayedAt: lastWord })],
  }); // prettier-ignore
  const stale = flaggedStale(open, capture2026) ?? open;
  const since2022: Coverage = { watchingSince: open.firstSeenAt, dataFrom: open.startedAt };

  it('counts a stale incident up to its last word only: 71 minutes, not weeks', () => {
    const now = Date.UTC(2022, 11, 20);
    const f = reliabilityFigures([stale], 30, now, since2022);
    expect(f.minutesByImpact.major).toBe(71);
    expect(reliabilityFigures([open], 30, now, since2022).minutesByImpact.major).toBeGreaterThan(35_000);
    // Set aside long before the window: not an incident of it at all.
    expect(reliabilityFigures([stale], 30, Date.UTC(2026, 10, 30), since2022).incidents).toBe(0);
  }); // prettier-ignore

  it('has no data, no minutes and no covered days after the newest data held', () => {
    const through = dataThrough([null, open.firstSeenAt], [stale]);
    expect(through).toBe(capture2026); // when the 2026 capture set it aside
    const f = reliabilityFigures([open], 90, Date.UTC(2026, 10, 30), { ...since2022, dataThrough: through });
    expect([f.coveredDays, f.minutesByImpact.major, f.incidents]).toEqual([0, 0, 0]);
  }); // prettier-ignore
});
