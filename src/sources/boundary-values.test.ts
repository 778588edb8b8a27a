import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EARLIEST_EPOCH_MS, LATEST_EPOCH_MS, type Snapshot } from '../domain/index.ts';
import { sourceFor } from './index.ts';

// Each case takes a real capture and changes one value: every change is an invented variation
// of the kind the issue-13 fuzzing found, named where it is made.

const fixture = (path: string): string =>
  readFileSync(new URL(`../../test/fixtures/vendors/${path}`, import.meta.url), 'utf8');
const meta = (url: string) => ({ url, fetchedAt: Date.UTC(2024, 5, 21), contentType: null });

/** Every time in a snapshot, wherever it sits. */
function allTimes(s: Snapshot): (number | null)[] {
  return [
    s.page.updatedAt,
    ...s.incidents.flatMap((i) => [
      i.createdAt,
      i.startedAt,
      i.monitoringAt,
      i.resolvedAt,
      i.scheduledFor,
      i.scheduledUntil,
      i.postmortem?.publishedAt ?? null,
      ...i.updates.flatMap((u) => [u.displayedAt, u.createdAt]),
    ]),
  ];
}

function expectOnlyValidTimes(s: Snapshot): void {
  for (const t of allTimes(s)) {
    if (t === null) continue;
    expect(Number.isInteger(t)).toBe(true);
    expect(t).toBeGreaterThanOrEqual(EARLIEST_EPOCH_MS);
    expect(t).toBeLessThan(LATEST_EPOCH_MS);
  }
}

describe('values at the source boundary', () => {
  it('refuses an AWS date of 1e13 seconds with a warning and keeps the other entries', () => {
    const doc = JSON.parse(fixture('aws/aws-health-dashboard__data.json')) as {
      archive: { date: unknown; service: string }[];
    };
    const total = doc.archive.length;
    const first = doc.archive[0];
    if (first === undefined) throw new Error('fixture has no archive');
    first.date = 1e13; // invented variation: milliseconds sent where AWS sends seconds
    const snapshot = sourceFor('aws').parse(
      JSON.stringify(doc),
      meta('https://status.aws.amazon.com/data.json'),
    );
    expect(snapshot.warnings.join('\n')).toContain(`entry ${first.service}-10000000000000 skipped`);
    expect(snapshot.incidents).toHaveLength(total - 1);
    expectOnlyValidTimes(snapshot);
  });

  it('refuses a Statuspage history year of 300000 with a warning, never a NaN time', () => {
    // The StreamYard capture's months are empty, so the month is built in the capture's shape
    // (src/sources/statuspage-html.test.ts does the same); invented variation: an absurd year.
    const months = [
      {
        name: 'June',
        year: 300000,
        incidents: [
          { code: 'y1', name: 'x', impact: 'minor', timestamp: 'Jun 1, 10:00 - 11:30 UTC' },
        ],
      },
      {
        name: 'May',
        year: 2024,
        incidents: [
          { code: 'y2', name: 'y', impact: 'minor', timestamp: 'May 1, 10:00 - 11:30 UTC' },
        ],
      },
    ];
    const attr = JSON.stringify({ page_status: { page: {} }, months })
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;');
    const body = `<!DOCTYPE html><html><body><div data-react-class="HistoryIndex" data-react-props="${attr}"></div></body></html>`;
    const snapshot = sourceFor('statuspage-html').parse(
      body,
      meta('https://status.streamyard.com/history'),
    );
    expect(snapshot.warnings.join('\n')).toContain('year 300000 out of range');
    expectOnlyValidTimes(snapshot);
    expect(snapshot.incidents.find((i) => i.vendorId === 'y1')?.startedAt).toBeNull();
    expect(snapshot.incidents.find((i) => i.vendorId === 'y2')?.startedAt).toBe(
      Date.UTC(2024, 4, 1, 10),
    );
  });

  it('keeps the newest copy of a component listed twice, and makes a position of 1.5 whole', () => {
    const doc = JSON.parse(fixture('statuspage-v2/github__summary.json')) as {
      components: { id: string; status: string; updated_at: string; position: number }[];
    };
    const [first, second] = doc.components;
    if (first === undefined || second === undefined) throw new Error('fixture has no components');
    // invented variations: a stale copy of the first component listed again, with a newer
    // status on the copy; the second component at position 1.5
    doc.components.push({ ...first, status: 'major_outage', updated_at: '2022-11-25T15:00:00Z' });
    second.position = 1.5;
    const snapshot = sourceFor('statuspage-v2').parse(
      JSON.stringify(doc),
      meta('https://www.githubstatus.com/api/v2/summary.json'),
    );
    const copies = (snapshot.components ?? []).filter((c) => c.vendorId === first.id);
    expect(copies).toEqual([expect.objectContaining({ status: 'major_outage' })]);
    const ids = (snapshot.components ?? []).map((c) => c.vendorId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of snapshot.components ?? []) expect(Number.isInteger(c.position)).toBe(true);
    expect(snapshot.warnings.join('\n')).toContain(`component ${first.id} listed twice`);
    expect(snapshot.warnings.join('\n')).toContain(`component ${second.id}: position 1.5`);
  });

  it('keeps one incident, the newest, when a feed lists two entries for one incident link', () => {
    const body = fixture('statuspage-feed/github__history.atom');
    const entries = body.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
    const [newest, older] = entries;
    if (newest === undefined || older === undefined) throw new Error('fixture has no entries');
    const link = /<link[^>]*href="([^"]+)"/.exec(newest)?.[1] ?? '';
    // invented variation: an older entry repeated under the newest entry's link and a new title
    const repeat = older
      .replace(/<link([^>]*)href="[^"]+"/, `<link$1href="${link}"`)
      .replace(/<title>[^<]*<\/title>/, '<title>A stale title</title>');
    const mutated = body.replace(older, `${older}\n${repeat}`);
    const snapshot = sourceFor('statuspage-feed').parse(
      mutated,
      meta('https://www.githubstatus.com/history.atom'),
    );
    const code = /\/incidents\/(\w+)/.exec(link)?.[1] ?? '';
    const kept = snapshot.incidents.filter((i) => i.vendorId === code);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.title).not.toBe('A stale title');
    expect(snapshot.warnings.join('\n')).toContain(`incident ${code} listed twice`);
  });
});
