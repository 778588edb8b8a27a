import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError, type Incident, type Snapshot } from '../domain/index.ts';
import type { PayloadMeta } from './source.ts';
import { expectGolden, thrown } from '../../test/support/golden.ts';
import { statuspageFeed } from './statuspage-feed.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VENDOR = 'test/fixtures/vendors/statuspage-feed';
const REPLAY = 'test/fixtures/replay-sample';
const HANDMADE = 'test/fixtures/handmade';
const META: PayloadMeta = {
  url: null,
  fetchedAt: Date.parse('2026-11-21T00:00:00Z'),
  contentType: null,
};

const FEEDS = [
  `${VENDOR}/atlassian-statuspage__history.atom`,
  `${VENDOR}/digitalocean__history.atom`,
  `${VENDOR}/digitalocean__history.rss`,
  `${VENDOR}/github__history-2019-11-22.atom`,
  `${VENDOR}/github__history.atom`,
  `${VENDOR}/streamyard__history.atom`,
  `${VENDOR}/streamyard__history.rss`,
  `${REPLAY}/githubstatus-history-atom__2022-10-28T04-53-18Z.atom`,
  `${REPLAY}/githubstatus-history-atom__2023-01-02T04-24-39Z.atom`,
  `${REPLAY}/githubstatus-history-atom__2023-02-08T04-26-08Z.atom`,
];

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function parse(path: string): Snapshot {
  return statuspageFeed.parse(read(path), META);
}

function incident(snapshot: Snapshot, vendorId: string): Incident {
  const found = snapshot.incidents.find((i) => i.vendorId === vendorId);
  if (found === undefined) throw new Error(`no incident ${vendorId}`);
  return found;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 16));

/** What a reader checks against the raw payload: count, first/last time, words, kind. */
function outline(i: Incident) {
  return {
    kind: i.kind,
    status: i.status,
    count: i.updates.length,
    first: iso(i.updates[0]?.displayedAt ?? null),
    last: iso(i.updates.at(-1)?.displayedAt ?? null),
    statuses: i.updates.map((u) => u.status),
    labels: i.updates.map((u) => u.label),
  };
}

describe('golden snapshots', () => {
  it.each(FEEDS)('%s matches its golden file', (path) => {
    expectGolden(`${basename(path)}.json`, parse(path));
  });

  it.each(FEEDS)('%s parses without warnings into a window of incidents', (path) => {
    const snapshot = parse(path);
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.coverage).toBe('window');
    expect(snapshot.components).toBeNull();
    expect(snapshot.incidents.length).toBeGreaterThan(0);
    for (const i of snapshot.incidents) {
      const times = i.updates.map((u) => u.displayedAt ?? Number.NaN);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(i.updates.map((u) => u.vendorId)).size).toBe(i.updates.length);
    }
  });
});

describe('detect', () => {
  it.each(FEEDS)('recognizes %s', (path) => {
    expect(statuspageFeed.detect(read(path), META)).toBe(true);
  });

  it.each([
    `${HANDMADE}/statuspage-feed__html-page.atom`,
    `${HANDMADE}/statuspage-feed__generic-blog.atom`,
    'test/fixtures/vendors/statuspage-v2/github__summary.json',
  ])('refuses %s', (path) => {
    expect(statuspageFeed.detect(read(path), META)).toBe(false);
  });
});

describe('page', () => {
  it('takes the name from the title and the time from the feed', () => {
    expect(parse(`${VENDOR}/atlassian-statuspage__history.atom`).page).toEqual({
      name: 'Atlassian Statuspage',
      url: 'https://metastatuspage.com',
      updatedAt: Date.parse('2019-11-23T08:00:02Z'),
    });
    expect(parse(`${VENDOR}/digitalocean__history.rss`).page).toEqual({
      name: 'DigitalOcean',
      url: 'http://status.digitalocean.com',
      updatedAt: Date.parse('2020-01-21T21:00:29Z'),
    });
  });
});

describe('incidents checked by hand against the Atom payload', () => {
  it('Atlassian, stamped PST: Nov 20 17:00-18:35 PST is 01:00-02:35 UTC next day', () => {
    const i = incident(parse(`${VENDOR}/atlassian-statuspage__history.atom`), 'lcvzzk0mgfw3');
    expect(outline(i)).toEqual({
      kind: 'incident',
      status: 'resolved',
      count: 4,
      first: '2019-11-21T01:00',
      last: '2019-11-21T02:35',
      statuses: ['investigating', 'identified', 'monitoring', 'resolved'],
      labels: [null, null, null, null],
    });
    expect(i.url).toBe('https://metastatuspage.com/incidents/lcvzzk0mgfw3');
    expect([iso(i.monitoringAt), iso(i.resolvedAt), i.impact]).toEqual([
      '2019-11-21T01:47',
      '2019-11-21T02:35',
      null,
    ]);
  });

  it('Atlassian maintenance over four days, stamped PDT', () => {
    const i = incident(parse(`${VENDOR}/atlassian-statuspage__history.atom`), 'dbmqjmxjnwq2');
    expect(outline(i)).toEqual({
      kind: 'maintenance',
      status: 'completed',
      count: 7,
      first: '2019-07-11T22:05',
      last: '2019-07-15T02:53',
      statuses: [
        'scheduled',
        'scheduled',
        'in_progress',
        'in_progress',
        'in_progress',
        'in_progress',
        'completed',
      ],
      labels: [null, 'Update', null, 'Update', 'Update', 'Update', null],
    });
    expect([i.impact, iso(i.startedAt), iso(i.resolvedAt)]).toEqual([
      'maintenance',
      '2019-07-15T00:09',
      '2019-07-15T02:53',
    ]);
  });

  it('DigitalOcean, six days of updates', () => {
    const i = incident(parse(`${VENDOR}/digitalocean__history.atom`), 'b939ctcc4yh2');
    expect(outline(i)).toMatchObject({
      kind: 'incident',
      count: 9,
      first: '2019-12-11T23:04',
      last: '2019-12-17T23:41',
      statuses: ['investigating', ...Array<string>(7).fill('identified'), 'resolved'],
    });
  });

  it('GitHub, through midnight, with the 2025 whitespace markup', () => {
    const i = incident(parse(`${VENDOR}/github__history.atom`), 'bhbcjn4n3jzp');
    expect(outline(i)).toMatchObject({
      kind: 'incident',
      count: 12,
      first: '2026-08-20T14:43',
      last: '2026-08-21T00:37',
    });
    expect(i.updates[0]?.vendorId).toBe('bhbcjn4n3jzp-20260820T1443Z-investigating');
  });

  it('GitHub 2019: every "Incident on <time> UTC" title agrees with the first update', () => {
    for (const i of parse(`${VENDOR}/github__history-2019-11-22.atom`).incidents) {
      const m = /^Incident on (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC$/.exec(i.title);
      if (m !== null) expect(iso(i.createdAt)).toBe(`${m[1] ?? ''}T${m[2] ?? ''}`);
    }
  });

  it('GitHub capture of Jan 2 2023: Jan 1 is 2023, Dec 31 is 2022', () => {
    const snapshot = parse(`${REPLAY}/githubstatus-history-atom__2023-01-02T04-24-39Z.atom`);
    expect(outline(incident(snapshot, 'srn4b1fjxp8h'))).toMatchObject({
      count: 4,
      first: '2023-01-01T16:33',
      last: '2023-01-01T18:28',
    });
    expect(outline(incident(snapshot, '1whd66ydswnx'))).toMatchObject({
      count: 5,
      first: '2022-12-31T00:07',
      last: '2022-12-31T01:47',
    });
    expect(iso(snapshot.incidents.at(-1)?.createdAt ?? null)?.startsWith('2022-')).toBe(true);
  });

  it('GitHub upcoming maintenance: window Feb 8 22:00 to Feb 9 13:00', () => {
    const snapshot = parse(`${REPLAY}/githubstatus-history-atom__2023-02-08T04-26-08Z.atom`);
    const i = incident(snapshot, '53t2nlxs8016');
    expect(outline(i)).toMatchObject({
      kind: 'maintenance',
      status: 'scheduled',
      count: 2,
      first: '2023-02-07T10:08',
      last: '2023-02-07T11:52',
      labels: [null, 'Update'],
    });
    expect([iso(i.scheduledFor), iso(i.scheduledUntil), iso(i.startedAt), i.resolvedAt]).toEqual([
      '2023-02-08T22:00',
      '2023-02-09T13:00',
      '2023-02-08T22:00',
      null,
    ]);
  });

  it('GitHub maintenance announced in October, done in November', () => {
    const snapshot = parse(`${REPLAY}/githubstatus-history-atom__2022-10-28T04-53-18Z.atom`);
    const upcoming = incident(snapshot, '3ktldkb3r6f8');
    expect([iso(upcoming.scheduledFor), iso(upcoming.scheduledUntil)]).toEqual([
      '2022-11-04T03:00',
      '2022-11-04T04:00',
    ]);
    expect(outline(incident(snapshot, 'lpslbfcw2czs'))).toMatchObject({
      kind: 'maintenance',
      status: 'completed',
      count: 3,
      first: '2022-10-20T16:54',
      last: '2022-10-27T16:00',
    });
  });
});

describe('incidents checked by hand against the RSS payload', () => {
  const digitalocean = () => parse(`${VENDOR}/digitalocean__history.rss`);

  it('DigitalOcean maintenance in progress at capture time', () => {
    const i = incident(digitalocean(), 'x0xytvsvky35');
    expect(outline(i)).toEqual({
      kind: 'maintenance',
      status: 'in_progress',
      count: 2,
      first: '2020-01-21T20:59',
      last: '2020-01-21T21:00',
      statuses: ['scheduled', 'in_progress'],
      labels: [null, null],
    });
    expect([iso(i.startedAt), i.resolvedAt]).toEqual(['2020-01-21T21:00', null]);
  });

  it('DigitalOcean incident across midnight', () => {
    expect(outline(incident(digitalocean(), 't9w8x953n4sd'))).toEqual({
      kind: 'incident',
      status: 'resolved',
      count: 4,
      first: '2019-12-26T21:32',
      last: '2019-12-27T01:20',
      statuses: ['investigating', 'identified', 'monitoring', 'resolved'],
      labels: [null, null, null, null],
    });
  });

  it('DigitalOcean incident with "Update" labels keeping the status', () => {
    const i = incident(digitalocean(), '2c4jf9nzhxf5');
    expect(outline(i)).toMatchObject({
      count: 6,
      first: '2019-12-15T12:42',
      last: '2019-12-15T21:17',
      statuses: [
        'investigating',
        'investigating',
        'investigating',
        'investigating',
        'monitoring',
        'resolved',
      ],
      labels: [null, 'Update', 'Update', 'Update', null, null],
    });
    expect(iso(i.monitoringAt)).toBe('2019-12-15T20:48');
  });

  it('StreamYard: space-padded day, two updates in the same minute', () => {
    const i = incident(parse(`${VENDOR}/streamyard__history.rss`), 'l4222m9bmd6k');
    expect(outline(i)).toEqual({
      kind: 'incident',
      status: 'resolved',
      count: 3,
      first: '2024-02-08T08:29',
      last: '2024-02-08T09:00',
      statuses: ['investigating', 'investigating', 'resolved'],
      labels: [null, 'Update', null],
    });
  });
});

describe('Atom and RSS of one vendor', () => {
  it('StreamYard yields the same incidents from both', () => {
    expect(parse(`${VENDOR}/streamyard__history.rss`).incidents).toEqual(
      parse(`${VENDOR}/streamyard__history.atom`).incidents,
    );
  });

  it('DigitalOcean RSS (two days older) is a prefix of the Atom for every shared incident', () => {
    const atom = parse(`${VENDOR}/digitalocean__history.atom`);
    const rss = parse(`${VENDOR}/digitalocean__history.rss`);
    const shared = rss.incidents.filter((r) =>
      atom.incidents.some((a) => a.vendorId === r.vendorId),
    );
    expect(shared.length).toBe(21);
    for (const r of shared) {
      const a = incident(atom, r.vendorId);
      const ids = (i: Incident) => i.updates.map((u) => [u.vendorId, u.displayedAt, u.status]);
      if (r.resolvedAt !== null) expect(ids(r)).toEqual(ids(a));
      else expect(ids(a).slice(0, r.updates.length)).toEqual(ids(r));
      expect([r.title, r.kind, r.createdAt]).toEqual([a.title, a.kind, a.createdAt]);
    }
  });
});

describe('hand-made variations', () => {
  it('an incident from Dec 31 to Jan 1, and one over the holidays, on a UTC page', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__new-year-utc.atom`);
    expect(outline(incident(snapshot, 'nyutcc0de01'))).toMatchObject({
      first: '2023-12-31T23:10',
      last: '2024-01-01T00:40',
      count: 4,
    });
    const week = incident(snapshot, 'nyweekc0de03');
    expect(week.updates.map((u) => iso(u.displayedAt))).toEqual([
      '2023-12-28T17:20',
      '2023-12-30T08:45',
      '2024-01-01T12:15',
      '2024-01-02T09:00',
    ]);
  });

  it('a PST incident on Dec 31 local time that ends on Jan 1 UTC, from RSS', () => {
    const i = parse(`${HANDMADE}/statuspage-feed__new-year-pst.rss`).incidents[0];
    expect(i && outline(i)).toMatchObject({ first: '2023-12-31T23:30', last: '2024-01-01T00:20' });
  });

  it('a postmortem closes the story and is kept as an update', () => {
    const i = incident(
      parse(`${HANDMADE}/statuspage-feed__labels-and-postmortem.atom`),
      'postmc0de004',
    );
    expect([i.status, iso(i.resolvedAt), iso(i.postmortem?.publishedAt ?? null)]).toEqual([
      'postmortem',
      '2024-01-10T15:00',
      '2024-01-12T10:00',
    ]);
    expect(i.postmortem?.bodyText).toMatch(/^On January 10 a bad configuration push/);
    expect(i.updates.at(-1)?.status).toBe('postmortem');
  });

  it('marks template incidents, numbers same-minute updates, reads reopened incidents as open', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__labels-and-postmortem.atom`);
    expect(snapshot.incidents.filter((i) => i.isTemplate).map((i) => i.vendorId)).toEqual([
      'templc0de001',
    ]);
    expect(
      incident(snapshot, 'dupesc0de003')
        .updates.map((u) => u.vendorId)
        .slice(1, 3),
    ).toEqual(['dupesc0de003-20240109T1200Z-update', 'dupesc0de003-20240109T1200Z-update-2']);
    const reopened = incident(snapshot, 'reopenc0de05');
    expect([reopened.status, reopened.resolvedAt]).toEqual(['investigating', null]);
  });

  it('names an incident by its /incidents/<code> link, else by the numeric Atom tag', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__labels-and-postmortem.atom`);
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual([
      '8006',
      'reopenc0de05',
      'postmc0de004',
      'dupesc0de003',
      'unknwc0de002',
      'templc0de001',
    ]);
    expect(incident(snapshot, '8006').url).toBeNull();
  });

  it('reads an unknown label as the nearest status and warns', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__labels-and-postmortem.atom`);
    expect(incident(snapshot, 'unknwc0de002').updates[0]).toMatchObject({
      status: 'investigating',
      label: 'Degraded',
    });
    expect(snapshot.warnings).toEqual([
      'incident unknwc0de002: unknown incident label "Degraded" read as investigating',
    ]);
  });

  it('resolves zone words with the offsets the entry writes', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__zones.atom`);
    const first = (id: string) => iso(incident(snapshot, id).createdAt);
    expect(['zoneist00001', 'zonenum00002', 'zoneunkn0003', 'zonecst00004'].map(first)).toEqual([
      '2024-03-02T09:00',
      '2024-03-03T09:00',
      '2024-03-04T07:00',
      '2024-03-04T11:00',
    ]);
    expect(snapshot.warnings).toEqual([expect.stringContaining('unknown time zone "XYZT"')]);
  });

  it('reads maintenance windows from RSS', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__upcoming-maintenance.rss`);
    const window = (id: string) => [
      iso(incident(snapshot, id).scheduledFor),
      iso(incident(snapshot, id).scheduledUntil),
    ];
    expect(window('mntnyc0de002')).toEqual(['2023-12-31T22:00', '2024-01-01T02:00']);
    expect(window('mntmidc0de01')).toEqual(['2023-12-19T23:00', '2023-12-20T01:00']);
  });
});

describe('bad input', () => {
  it.each([
    ['statuspage-feed__malformed.atom', 'parse'],
    ['statuspage-feed__truncated.rss', 'parse'],
    ['statuspage-feed__html-page.atom', 'unsupported_format'],
    ['statuspage-feed__generic-blog.atom', 'unsupported_format'],
  ] as const)('%s throws %s', (name, kind) => {
    const error = thrown(() => parse(`${HANDMADE}/${name}`));
    expect(isStatuswatchError(error, kind), String(error)).toBe(true);
  });

  it('refuses an entity bomb at once, before any XML parsing', () => {
    const body = read(`${HANDMADE}/statuspage-feed__entity-bomb.atom`);
    const error = thrown(() => statuspageFeed.parse(body, META));
    expect(isStatuswatchError(error, 'parse')).toBe(true);
    // The declaration check's own message: the bomb never reached the XML parser, so no
    // expansion was attempted (shown by what ran, not by how long it took).
    expect((error as Error).message).toBe('feed declares XML entities');
  });

  it('refuses JSON and plain text as unsupported', () => {
    for (const body of [
      read('test/fixtures/vendors/statuspage-v2/github__summary.json'),
      'hello',
    ]) {
      expect(
        isStatuswatchError(
          thrown(() => statuspageFeed.parse(body, META)),
          'unsupported_format',
        ),
      ).toBe(true);
    }
  });

  it.each(['statuspage-feed__empty.atom', 'statuspage-feed__empty.rss'])(
    '%s is an empty window',
    (name) => {
      const snapshot = parse(`${HANDMADE}/${name}`);
      expect([snapshot.incidents, snapshot.warnings, snapshot.page.name]).toEqual([
        [],
        [],
        'Example Cloud',
      ]);
    },
  );

  it('keeps an update with unreadable date markup and skips an entry without markup, with warnings', () => {
    const snapshot = parse(`${HANDMADE}/statuspage-feed__unreadable-date.atom`);
    expect(snapshot.incidents.map((i) => i.vendorId)).toEqual(['baddate00002', 'gooddate0001']);
    expect(incident(snapshot, 'baddate00002').updates.map((u) => iso(u.displayedAt))).toEqual([
      null,
      '2024-05-02T11:00',
    ]);
    expect(snapshot.warnings).toEqual([
      'incident nomarkup0003: no updates found in the entry; skipped',
      'incident baddate00002: unreadable update time "Someday ??, later"',
    ]);
  });
});

describe('statuspage-feed refuses damaged XML that a lenient parser would shorten', () => {
  const real = read(`${VENDOR}/github__history.atom`);

  it.each([
    ['a lost </entry>', real.replace('</entry>', '')],
    ['stray markup inside an entry', real.replace('<entry>', '<entry><<>>')],
    ['a download cut off between entries', real.slice(0, real.lastIndexOf('<entry>'))],
  ])('throws parse for %s', (_name, body) => {
    expect(thrown(() => statuspageFeed.parse(body, META))).toMatchObject({ kind: 'parse' });
  });
});
