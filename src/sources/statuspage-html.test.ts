import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden, thrown } from '../../test/support/golden.ts';
import { statuspageFeed } from './statuspage-feed.ts';
import { statuspageHtml } from './statuspage-html.ts';
import { statuspageV2 } from './statuspage-v2.ts';

const fixture = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/${path}`, import.meta.url)), 'utf8');
const STREAMYARD = fixture('vendors/statuspage-html/streamyard__history.html');
const VARIATIONS = fixture('handmade/statuspage-html__history-variations.html');

const meta = (url: string | null = null): PayloadMeta => ({
  url,
  fetchedAt: Date.parse('2024-06-20T21:28:07Z'),
  contentType: 'text/html',
});
const parse = (body: string, url: string | null = null): Snapshot =>
  statuspageHtml.parse(body, meta(url));
const ms = (iso: string): number => Date.parse(iso);

function only(snapshot: Snapshot, id: string): Incident {
  const found = snapshot.incidents.find((i) => i.vendorId === id);
  if (found === undefined) throw new Error(`no incident ${id}`);
  return found;
}

/** A history page around `props`, escaped as Rails escapes the attribute. */
function historyPage(props: unknown): string {
  const attr = JSON.stringify(props)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html><body><div data-react-class="HistoryIndex" data-react-props="${attr}"></div></body></html>`;
}

describe('statuspageHtml on the StreamYard capture', () => {
  const snapshot = parse(STREAMYARD, 'https://status.streamyard.com/history');

  it('parses as in its golden file', () => {
    expectGolden('streamyard__history.html.json', snapshot);
  });

  it('reads the page and a window with no incidents in it (April to June 2024)', () => {
    expect(snapshot).toMatchObject({
      format: 'statuspage-html',
      page: {
        name: 'StreamYard',
        url: 'https://status.streamyard.com',
        updatedAt: ms('2024-06-10T11:10:42.249Z'),
      },
      components: null,
      coverage: 'window',
      incidents: [],
      warnings: [],
    });
  });

  it('agrees with the feed: no feed incident starts inside the page’s window', () => {
    const feed = statuspageFeed.parse(
      fixture('vendors/statuspage-feed/streamyard__history.atom'),
      meta(),
    );
    // The props' start_time/end_time: 2024-04-01T00:00:00Z .. 2024-06-30T23:59:59Z.
    const inWindow = (i: Incident): boolean =>
      i.startedAt !== null &&
      i.startedAt >= ms('2024-04-01T00:00:00Z') &&
      i.startedAt <= ms('2024-06-30T23:59:59Z');
    expect(feed.incidents.length).toBeGreaterThan(0);
    const feedCodes = feed.incidents.filter(inWindow).map((i) => i.vendorId);
    expect(feedCodes).toEqual(snapshot.incidents.map((i) => i.vendorId));
  });
});

describe('statuspageHtml on hand-made variations', () => {
  const snapshot = parse(VARIATIONS);

  it('reads an incident that spans midnight, with the page’s domain in its link', () => {
    expect(only(snapshot, 'hm0crossday1')).toMatchObject({
      title: 'Uploads fail & retry <slowly>',
      kind: 'incident',
      impact: 'major',
      status: 'resolved',
      createdAt: null,
      startedAt: ms('2024-06-03T23:37:00Z'),
      resolvedAt: ms('2024-06-04T01:10:00Z'),
      url: 'https://status.handmade.test/incidents/hm0crossday1',
      components: [],
      updates: [],
      postmortem: null,
    });
  });

  it('reads a maintenance with a same-day end as completed', () => {
    expect(only(snapshot, 'hm0maint0001')).toMatchObject({
      kind: 'maintenance',
      impact: null,
      status: 'completed',
      startedAt: ms('2024-05-02T02:00:00Z'),
      resolvedAt: ms('2024-05-02T04:00:00Z'),
    });
  });

  it('puts an end in January into the next year', () => {
    expect(only(snapshot, 'hm0newyear01')).toMatchObject({
      title: 'Café d’API slow',
      impact: 'none',
      status: 'resolved',
      startedAt: ms('2023-12-31T23:50:00Z'),
      resolvedAt: ms('2024-01-01T00:20:00Z'),
    });
  });

  it('reads an entry without an end as open, and says so and why', () => {
    expect(only(snapshot, 'hm0sameday01')).toMatchObject({
      impact: 'minor',
      status: 'investigating',
      startedAt: ms('2024-06-05T10:04:00Z'),
      resolvedAt: null,
    });
    const text = snapshot.warnings.join('\n');
    expect(text).toContain('incident hm0sameday01: unknown impact "catastrophic" read as minor');
    expect(text).toContain('incident hm0sameday01: no end time');
  });

  it('keeps each code once, skips a null item, and warns once about the missing timeline', () => {
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual([
      'hm0crossday1',
      'hm0sameday01',
      'hm0maint0001',
      'hm0newyear01',
    ]);
    expect(snapshot.warnings).toContain('incident hm0crossday1 listed twice');
    expect(snapshot.warnings.some((w) => w.startsWith('month June 2024 incident #2 skipped'))).toBe(
      true,
    );
    expect(snapshot.warnings.filter((w) => w.includes('no update timeline'))).toHaveLength(1);
  });

  it('reads times labelled with a local zone in the page’s IANA zone', () => {
    const body = historyPage({
      page_status: { page: { time_zone: 'America/Los_Angeles' } },
      months: [
        {
          name: 'July',
          year: 2024,
          incidents: [
            { code: 'pdt1', name: 'x', impact: 'minor', timestamp: 'Jul 1, 10:00 - 11:30 PDT' },
          ],
        },
      ],
    });
    const incident = only(parse(body, 'https://status.example.test/history'), 'pdt1');
    expect(incident.startedAt).toBe(ms('2024-07-01T17:00:00Z'));
    expect(incident.resolvedAt).toBe(ms('2024-07-01T18:30:00Z'));
    expect(incident.url).toBe('https://status.example.test/incidents/pdt1');
  });

  it('leaves times out, with a warning, when the zone cannot be read', () => {
    const body = historyPage({
      page_status: { page: { time_zone: 'Pacific Time (US & Canada)' } },
      months: [{ year: 2024, incidents: [{ code: 'tz1', timestamp: 'Jul 1, 10:00 - 11:30 PDT' }] }],
    });
    const snapshot = parse(body);
    expect(only(snapshot, 'tz1')).toMatchObject({ startedAt: null, resolvedAt: null, url: null });
    expect(snapshot.warnings.join('\n')).toContain('time zone "PDT" unknown');
  });
});

describe('statuspageHtml on bad input', () => {
  it.each([
    ['the props attribute cut off', fixture('handmade/statuspage-html__cut-off.html'), 'parse'],
    ['props that are not JSON', historyPage('x').replace('&quot;x&quot;', '{oops'), 'parse'],
    [
      'an element without props',
      fixture('handmade/statuspage-html__no-props.html'),
      'unsupported_format',
    ],
    [
      'HTML without the element',
      '<!DOCTYPE html><html><body>Hi</body></html>',
      'unsupported_format',
    ],
    ['props without months', historyPage({ page_status: {} }), 'unsupported_format'],
  ] as const)('rejects %s', (_what, body, kind) => {
    expect(
      isStatuswatchError(
        thrown(() => parse(body)),
        kind,
      ),
    ).toBe(true);
  });
});

describe('statuspageHtml.detect', () => {
  const detect = (body: string): boolean => statuspageHtml.detect(body, meta());
  it('accepts the capture and the hand-made pages', () => {
    expect(detect(STREAMYARD)).toBe(true);
    expect(detect(VARIATIONS)).toBe(true);
  });
  it('rejects other formats, and other sources reject the history page', () => {
    expect(detect(fixture('vendors/statuspage-feed/streamyard__history.atom'))).toBe(false);
    expect(detect('{"page":{"id":"abc"},"incidents":[]}')).toBe(false);
    expect(detect('<html><body>data-react-class="StatusIndex"</body></html>')).toBe(false);
    expect(statuspageV2.detect(STREAMYARD, meta())).toBe(false);
    expect(statuspageFeed.detect(STREAMYARD, meta())).toBe(false);
  });
});
