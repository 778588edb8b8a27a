import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseIncidentText, type AnalysisUpdate } from './analyse-incident-text.ts';

const SEEDS = new URL('../../test/fixtures/seeds/', import.meta.url);
const seed = (name: string) => readFileSync(new URL(name, SEEDS), 'utf8');
const iso = (at: number | null | undefined) => (at == null ? null : new Date(at).toISOString());
const utc = (s: string) => Date.parse(s);

/** The part of a seed page between two markers: its postmortem, without the posts below it. */
function between(text: string, from: string, to: string | null): string {
  const start = text.indexOf(from);
  const end = to === null ? text.length : text.indexOf(to);
  if (start < 0 || end < 0) throw new Error(`markers not found: ${from} / ${String(to)}`);
  return text.slice(start, end);
}

function posts(status: string[], times: string[]): AnalysisUpdate[] {
  return times.map((t, i) => ({ text: '', postedAt: utc(t), status: status[i] ?? 'update' }));
}

describe('the seeds (acceptance table of issue 10)', () => {
  it('000: "at approximately 5:35 AM AEDT" on November 9 is 18:35 UTC the day before; 51 min before the first post', () => {
    const page = seed('000_f87abcca5c8d1200.txt');
    // Update timeline of the page: "1. investigating Nov 08, 2023, 07:26 PM UTC" … "5. resolved … 07:45 PM UTC",
    // "6. postmortem Nov 28, 2023, 11:16 PM UTC".
    const updates = posts(
      ['investigating', 'identified', 'identified', 'monitoring', 'resolved'],
      [
        '2023-11-08T19:26Z',
        '2023-11-08T19:36Z',
        '2023-11-08T19:38Z',
        '2023-11-08T19:38Z',
        '2023-11-08T19:45Z',
      ],
    );
    const a = analyseIncidentText({
      updates,
      postmortem: {
        text: between(page, '**What happened?**', null),
        publishedAt: utc('2023-11-28T23:16Z'),
      },
    });
    // 5:35 AM AEDT (UTC+11) on 2023-11-09 = 2023-11-08 18:35 UTC.
    expect(iso(a.impactStartedAt?.at)).toBe('2023-11-08T18:35:00.000Z');
    expect(a.impactStartedAt?.zone).toBe('AEDT');
    expect(a.impactStartedAt?.confidence).toBe('high');
    expect(a.impactStartedAt?.sentence).toMatch(
      /^On November 9, 2023, at approximately 5:35 AM AEDT/,
    );
    expect(a.impactEndedAt).toBeNull(); // the postmortem states no end, and has no timeline
    expect(a.postingLagMinutes).toBe(51); // 19:26 − 18:35
    expect(a.postedDurationMinutes).toBe(19); // 19:26 → 19:45, the page's "lasting 19m"
    // 2023-11-28 23:16 − 2023-11-08 19:45 = 20 d 3 h 31 min ("about 20 days" in the issue)
    expect(a.postmortemDelayMinutes).toBe(20 * 1440 + 3 * 60 + 31);
    expect(a.sections.map((s) => [s.kind, s.heading])).toEqual([
      ['summary', 'What happened?'],
      ['root_cause', 'Why did it happen?'],
      ['response', 'How did we respond?'],
      ['prevention', 'What are we doing to prevent it from happening again?'],
    ]);
    expect(a.actionItems).toEqual([]); // prevention is one paragraph, no list
  });

  it('001: 2:13 PM PST → timeline "03:15 PM - Clients confirm service fully restored"; first post 14:16 PST', () => {
    const page = seed('001_57f9844ef91e9bba.txt');
    // "Posted … Jan 23, 2018 - 14:16 PST" … "15:25 PST" (PST = UTC−8), postmortem "Jan 26, 2018 - 18:39 PST".
    const updates = posts(
      ['investigating', 'identified', 'monitoring', 'update', 'resolved'],
      [
        '2018-01-23T22:16Z',
        '2018-01-23T22:33Z',
        '2018-01-23T22:42Z',
        '2018-01-23T22:54Z',
        '2018-01-23T23:25Z',
      ],
    );
    const a = analyseIncidentText({
      updates,
      postmortem: {
        text: between(page, 'What happened?', 'Posted 7 months ago. Jan 26'),
        publishedAt: utc('2018-01-27T02:39Z'),
      },
    });
    expect(iso(a.impactStartedAt?.at)).toBe('2018-01-23T22:13:00.000Z'); // 14:13 PST
    expect(a.impactStartedAt?.source).toBe('start_phrase');
    // The last timeline line, "2018-01-23 03:15 PM", in the PST the summary wrote.
    expect(iso(a.impactEndedAt?.at)).toBe('2018-01-23T23:15:00.000Z');
    expect(a.impactEndedAt?.source).toBe('timeline');
    expect(a.impactEndedAt?.assumptions).toContain('zone_from_document');
    expect(a.postingLagMinutes).toBe(3); // 14:16 − 14:13
    expect(a.impactDurationMinutes).toBe(62);
    expect(a.sections.map((s) => [s.kind, s.heading])).toEqual([
      ['summary', 'What happened?'],
      ['root_cause', 'Why did it happen?'],
      ['response', 'How did we respond?'],
      ['prevention', 'What are we doing to prevent it from happening again?'],
      ['timeline', null], // six "2018-01-23 hh:mm PM - …" lines with no heading of their own
    ]);
    expect(a.timeline.map((t) => iso(t.at))).toEqual([
      '2018-01-23T22:13:00.000Z',
      '2018-01-23T22:15:00.000Z',
      '2018-01-23T22:16:00.000Z',
      '2018-01-23T22:19:00.000Z',
      '2018-01-23T22:40:00.000Z',
      '2018-01-23T23:15:00.000Z',
    ]);
    // "1. Repair … (In progress)", "2. If possible … (Currently investigating.)", "3. Implement … (In progress)"
    expect(a.actionItems.map((i) => i.state)).toEqual([
      'in_progress',
      'investigating',
      'in_progress',
    ]);
    expect(a.actionItems[0]?.text).toMatch(/^Repair the defect/);
  });

  it('003: 2:56pm (PST); an unmarked "04:02" timeline line is afternoon, as the posts around it show', () => {
    const page = seed('003_b62c23f0b9c583df.txt');
    // "Posted … Jan 08, 2018 - 15:12 PST", 15:38, 15:58, "16:02 PST" (resolved); postmortem "Jan 10, 2018 - 13:51 PST".
    const updates = posts(
      ['investigating', 'identified', 'monitoring', 'resolved'],
      ['2018-01-08T23:12Z', '2018-01-08T23:38Z', '2018-01-08T23:58Z', '2018-01-09T00:02Z'],
    );
    const a = analyseIncidentText({
      updates,
      postmortem: {
        text: between(page, 'What happened?', 'Posted 5 months ago. Jan 10'),
        publishedAt: utc('2018-01-10T21:51Z'),
      },
    });
    expect(iso(a.impactStartedAt?.at)).toBe('2018-01-08T22:56:00.000Z'); // 14:56 PST
    // "2018-01-08 04:02 - Services confirmed as restored": 16:02 PST, past midnight UTC.
    expect(iso(a.impactEndedAt?.at)).toBe('2018-01-09T00:02:00.000Z');
    expect(a.impactEndedAt?.assumptions).toContain('pm_from_posts');
    expect(a.impactEndedAt?.confidence).toBe('low');
    expect(a.postingLagMinutes).toBe(16); // 15:12 − 14:56
    expect(a.timeline).toHaveLength(8);
    expect(iso(a.timeline[0]?.at)).toBe('2018-01-08T22:56:00.000Z'); // "2018-01-08 02:56"
    expect(a.sections.map((s) => s.kind)).toEqual([
      'summary',
      'root_cause',
      'response',
      'prevention',
      'timeline',
    ]);
    expect(a.actionItems).toEqual([]); // one paragraph "(Currently in progress; …)", no list
  });

  it('004: "Between the hours of 10:05 to 10:40 CET on the 27/01/2022"; first post 10:17 CET', () => {
    const page = seed('004_100a860a031c690d.txt');
    // "Posted Jan 27, 2022 - 10:17 CET" … "11:10 CET" (resolved), postmortem "Feb 04, 2022 - 16:55 CET".
    const updates = posts(
      ['investigating', 'identified', 'identified', 'identified', 'monitoring', 'resolved'],
      [
        '2022-01-27T09:17Z',
        '2022-01-27T09:28Z',
        '2022-01-27T09:29Z',
        '2022-01-27T09:38Z',
        '2022-01-27T09:39Z',
        '2022-01-27T10:10Z',
      ],
    );
    const a = analyseIncidentText({
      updates,
      postmortem: {
        text: between(page, 'Between the hours', 'Posted Feb 04, 2022'),
        publishedAt: utc('2022-02-04T15:55Z'),
      },
    });
    expect(iso(a.impactStartedAt?.at)).toBe('2022-01-27T09:05:00.000Z'); // 10:05 CET (UTC+1)
    expect(iso(a.impactEndedAt?.at)).toBe('2022-01-27T09:40:00.000Z'); // 10:40 CET
    expect(a.impactStartedAt?.source).toBe('window');
    expect(a.impactStartedAt?.confidence).toBe('high');
    expect(a.postingLagMinutes).toBe(12); // 10:17 − 10:05
    expect(a.impactDurationMinutes).toBe(35);
    expect(a.sections.map((s) => [s.kind, s.heading])).toEqual([
      ['summary', null],
      ['timeline', 'Timeline (all times are in CET)'],
    ]);
    // "10:05. The monitoring system…" … "11:10 Event concluded." on the day the text writes.
    expect(a.timeline.map((t) => [iso(t.at), t.written])).toEqual([
      ['2022-01-27T09:05:00.000Z', '10:05'],
      ['2022-01-27T09:11:00.000Z', '10:11'],
      ['2022-01-27T09:12:00.000Z', '10:12'],
      ['2022-01-27T09:28:00.000Z', '10:28'],
      ['2022-01-27T09:45:00.000Z', '10:45'],
      ['2022-01-27T10:10:00.000Z', '11:10'],
    ]);
  });

  it('002: the postmortem alone still gives its start, with no posts to compare', () => {
    const a = analyseIncidentText({
      updates: [],
      postmortem: { text: seed('002_27b21de812184c81.txt'), publishedAt: null },
    });
    expect(iso(a.impactStartedAt?.at)).toBe('2023-11-08T18:35:00.000Z');
    expect(a.postingLagMinutes).toBeNull();
    expect(a.anomalies).toEqual([]);
  });
});

describe('times, dates and zones', () => {
  const one = (text: string, extra: { referenceAt?: number; defaultZone?: string } = {}) =>
    analyseIncidentText({ updates: [], postmortem: { text, publishedAt: null }, ...extra });

  // Invented variations (sentences in the shape of the fixtures), each checked by hand.
  it('reads a bare "PT" with daylight saving on that date (invented variation)', () => {
    expect(
      iso(one('Between 10:00 and 11:00 PT on July 1, 2024, uploads failed.').impactStartedAt?.at),
    ).toBe(
      '2024-07-01T17:00:00.000Z', // PDT, UTC−7
    );
    expect(
      iso(
        one('Between 10:00 and 11:00 PT on January 15, 2024, uploads failed.').impactStartedAt?.at,
      ),
    ).toBe(
      '2024-01-15T18:00:00.000Z', // PST, UTC−8
    );
  });

  it('records the table choice for an ambiguous abbreviation (invented variation)', () => {
    const a = one('Between 13:12 and 14:07 BST on 8 May 2025, file uploads failed.');
    expect(iso(a.impactStartedAt?.at)).toBe('2025-05-08T12:12:00.000Z');
    expect(a.zoneChoices).toEqual([
      {
        abbreviation: 'BST',
        chosen: 'British Summer Time, UTC+01:00',
        alternatives: ['Bangladesh Standard Time, UTC+06:00'],
      },
    ]);
  });

  it('reads offsets and day-first dates (invented variation)', () => {
    const a = one(
      '- **12-01-2026 10:40 UTC+2** – Alerts fired\n- **12-01-2026 11:05 UTC+2** – Service restored',
    );
    // 12-01-2026 is 12 January (day-first; the other reading would be 1 December).
    expect(a.timeline.map((t) => iso(t.at))).toEqual([
      '2026-01-12T08:40:00.000Z',
      '2026-01-12T09:05:00.000Z',
    ]);
    expect(a.timeline[0]?.assumptions).toContain('day_first_date');
  });

  it('uses --date and --zone for a text that gives neither (invented variation)', () => {
    const a = one('From 09:10 to 09:50 uploads failed.', {
      referenceAt: Date.UTC(2024, 9, 24, 12),
      defaultZone: 'CEST',
    });
    expect(iso(a.impactStartedAt?.at)).toBe('2024-10-24T07:10:00.000Z');
    expect(a.impactStartedAt?.assumptions).toEqual(['zone_from_context', 'date_from_context']);
    expect(a.impactStartedAt?.confidence).toBe('low');
  });
});

describe('checks against the posts', () => {
  it('rejects a window days away from the posted timeline with an anomaly (invented variation)', () => {
    // A typo'd month: the posts are in July, the text says June.
    const a = analyseIncidentText({
      updates: posts(['investigating', 'resolved'], ['2026-07-24T19:37Z', '2026-07-24T20:23Z']),
      postmortem: {
        text: 'Between June 24, 19:17 UTC and June 24, 20:02 UTC, users were unable to create pull requests.',
        publishedAt: null,
      },
    });
    expect(a.impactStartedAt).toBeNull();
    expect(a.impactEndedAt).toBeNull();
    expect(a.anomalies.map((x) => x.kind)).toEqual(['window_contradicts_timeline']);
  });

  it('notes a single after-the-fact update with no window in its text', () => {
    // GitHub's resolved-only incidents post "Resolved" once; this text (9tpgqq1h4bs7's) states no window.
    const a = analyseIncidentText({
      updates: [
        {
          text: 'This incident has been resolved. Thank you for your patience and understanding as we addressed this issue.',
          postedAt: utc('2026-06-08T15:00Z'),
          status: 'resolved',
        },
      ],
      postmortem: null,
      resolvedAt: utc('2026-06-08T15:00Z'),
    });
    expect(a.anomalies.map((x) => x.kind)).toEqual(['zero_minute_without_window']);
  });

  it('never modifies the text it reads', () => {
    const text = seed('001_57f9844ef91e9bba.txt');
    const input = { updates: [], postmortem: { text, publishedAt: null } };
    const copy = structuredClone(input);
    analyseIncidentText(input);
    expect(input).toEqual(copy);
  });
});
