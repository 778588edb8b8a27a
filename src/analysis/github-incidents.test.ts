import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/index.ts';
import { sourceFor } from '../sources/index.ts';
import { analyseIncident } from './analyse-incident.ts';

/**
 * GitHub's incidents.json of 2026-07-31 (test/fixtures/vendors/statuspage-v2/, provenance in
 * PROVENANCE.md): 50 incidents, most with a root-cause paragraph in the resolved update.
 */
const FILE = new URL(
  '../../test/fixtures/vendors/statuspage-v2/github__incidents-2026-07-31.json',
  import.meta.url,
);
const body = readFileSync(FILE, 'utf8');
const incidents = sourceFor('statuspage-v2').parse(body, {
  url: 'https://www.githubstatus.com/api/v2/incidents.json',
  fetchedAt: Date.parse('2026-07-31T03:29:01.470Z'),
  contentType: 'application/json',
}).incidents;
const byId = (id: string): Incident => {
  const found = incidents.find((i) => i.vendorId === id);
  if (found === undefined) throw new Error(`no incident ${id}`);
  return found;
};
const iso = (at: number | null | undefined) =>
  at == null ? null : new Date(at).toISOString().slice(0, 16) + 'Z';

/**
 * Counted independently of src/analysis, on the raw JSON: a root-cause paragraph is a resolved
 * update's body of more than 300 characters that writes a clock time in UTC. GitHub's boilerplate
 * ("This incident has been resolved. Thank you…", 180 chars) and maintenance notes are shorter.
 */
function rootCauseParagraphs(): string[] {
  const raw = JSON.parse(body) as {
    incidents: { id: string; incident_updates: { status: string; body: string }[] }[];
  };
  return raw.incidents
    .filter((i) =>
      i.incident_updates.some(
        (u) =>
          u.status === 'resolved' && u.body.length > 300 && /\b\d{1,2}:\d{2}\s?UTC\b/.test(u.body),
      ),
    )
    .map((i) => i.id);
}

describe("GitHub's 50 incidents of 2026-07-31", () => {
  it('extracts a window from every root-cause paragraph, and from nothing else', () => {
    expect(incidents).toHaveLength(50);
    const paragraphs = rootCauseParagraphs();
    const analysed = incidents.map((i) => ({ id: i.vendorId, a: analyseIncident(i) }));
    const withStart = analysed.filter((x) => x.a.impactStartedAt !== null).map((x) => x.id);
    const withWindow = analysed.filter(
      (x) => x.a.impactStartedAt !== null && x.a.impactEndedAt !== null,
    );
    const zeroMinute = analysed.filter((x) =>
      x.a.anomalies.some((y) => y.kind === 'zero_minute_without_window'),
    );
    console.log(
      `github 2026-07-31: ${incidents.length} incidents, ${paragraphs.length} root-cause paragraphs (test regex), ` +
        `${withStart.length} impact starts extracted, ${withWindow.length} full windows, ` +
        `${zeroMinute.length} zero-minute notes`,
    );
    expect(paragraphs).toHaveLength(43);
    expect(withStart.sort()).toEqual(paragraphs.sort());
    // yjysg0xrl67m states only a start ("On July 24th at 16:04 UTC, a loss of connectivity occurred").
    expect(withWindow).toHaveLength(42);
    // The three single-update incidents (594m87r8sw13, kn7gv3tlfc54, jpd6l1jq0r54) all state a window.
    expect(zeroMinute).toHaveLength(0);
  });

  it.each([
    // "On July 29, 2026, from 14:51 UTC to 15:28 UTC, GitHub Actions experienced …"; first post 15:26:24.
    ['75g5xmzptjqb', '2026-07-29T14:51Z', '2026-07-29T15:28Z', 35],
    // One update posted 2026-07-24T11:00Z: "Between July 23, 2026 at 18:45 UTC and July 24, 2026 at 11:19 UTC"
    ['594m87r8sw13', '2026-07-23T18:45Z', '2026-07-24T11:19Z', 975],
    // "Between 06:39 and 18:11 UTC on July 20, 2026": the 18:11 says 06:39 is morning; first post 16:03:51.
    ['fd7j2mw8xw94', '2026-07-20T06:39Z', '2026-07-20T18:11Z', 565],
    // "two periods — between 06:00 UTC and 09:56 UTC, and again between 10:54 UTC and 12:53 UTC"; first post 08:21:17.
    ['dfpfsngcwywf', '2026-07-14T06:00Z', '2026-07-14T12:53Z', 141],
    // "Between July 24, 19:17 UTC and July 24, 20:02 UTC" (no year: the incident's); first post 19:37:28.
    ['jxd617hfwfq8', '2026-07-24T19:17Z', '2026-07-24T20:02Z', 20],
  ] as const)('%s, checked by hand', (id, start, end, lag) => {
    const a = analyseIncident(byId(id));
    expect(iso(a.impactStartedAt?.at)).toBe(start);
    expect(iso(a.impactEndedAt?.at)).toBe(end);
    expect(a.postingLagMinutes).toBe(lag);
    expect(a.anomalies).toEqual([]);
  });
});

describe('a 2012 GitHub incident imported as one update (github__incident-xjc1816ky5bc.json)', () => {
  it('reads its HTML list of timestamped lines as the timeline, instead of a zero-minute incident', () => {
    const file = new URL(
      '../../test/fixtures/vendors/statuspage-v2/github__incident-xjc1816ky5bc.json',
      import.meta.url,
    );
    const [incident] = sourceFor('statuspage-v2').parse(readFileSync(file, 'utf8'), {
      url: null,
      fetchedAt: Date.parse('2022-08-10T08:09:51Z'),
      contentType: null,
    }).incidents;
    if (incident === undefined) throw new Error('no incident parsed');
    const a = analyseIncident(incident);
    expect(incident.updates).toHaveLength(1);
    // "<li><strong>2012-12-22 13:00:04</strong> - We are beginning our scheduled maintenance…" … 12 items.
    expect(a.timeline).toHaveLength(12);
    expect(iso(a.impactStartedAt?.at)).toBe('2012-12-22T13:00Z');
    // "2012-12-23 04:23:53 - Service is now fully restored." (04:42:37 "Everything operating normally" says
    // no restoring word).
    expect(iso(a.impactEndedAt?.at)).toBe('2012-12-23T04:23Z');
    // No zone in the body: UTC is assumed, and said.
    expect(a.impactStartedAt?.assumptions).toEqual(['zone_assumed_utc']);
    expect(a.impactStartedAt?.confidence).toBe('low');
    expect(a.anomalies).toEqual([]);
  });
});
