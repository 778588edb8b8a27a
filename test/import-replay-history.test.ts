/**
 * Acceptance: 18 months of githubstatus.com/history.atom captures, imported with
 * `statuswatch import`, read back with `statuswatch incidents --json` and `report --json`.
 * Expected values were read off the raw XML by hand (see the comment on each), never from our
 * parser's output.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { ANOMALY_KINDS, type IncidentSummaryV1 } from '../src/domain/index.ts';
import type { ProviderReport } from '../src/reliability/provider-report.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { REPLAY_CAPTURES, cleanupReplay, replayFiles, unpackReplay } from './replay-fixture.ts';

let dataDir = '';
let store: Store;
let listed: IncidentSummaryV1[] = [];
let report: ProviderReport;
let raw: Map<string, RawEntry>;
let rawFiles = 0;

beforeAll(async () => {
  vi.stubEnv('DATABASE_URL', ''); // the CLI must use the SQLite store in dataDir
  const dir = await unpackReplay();
  dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-history-'));
  const imported = await cli(['import', dir, '--provider', 'github']);
  expect(imported.code, imported.lines.join('\n')).toBe(0);
  listed = (
    JSON.parse((await cli(['incidents', '--provider', 'github', '--json'])).out) as {
      incidents: IncidentSummaryV1[];
    }
  ).incidents;
  report = JSON.parse(
    (await cli(['report', '--provider', 'github', '--json'])).out,
  ) as ProviderReport;
  store = await openStore({ databaseUrl: null, dataDir });
  const files = await replayFiles(dir);
  rawFiles = files.length;
  raw = await readRawEntries(files);
}, 120_000);

afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  await cleanupReplay();
  vi.unstubAllEnvs();
});

interface Expected {
  id: string;
  kind: 'incident' | 'maintenance';
  updates: number;
  /** UTC, to the minute. Maintenances start at "In progress", incidents at their first update. */
  started: string;
  resolved: string;
  minutes: number;
}

function row(
  id: string,
  kind: Expected['kind'],
  updates: number,
  started: string,
  resolved: string,
  minutes: number,
): Expected {
  return { id, kind, updates, started, resolved, minutes };
}

// Stamps in the feed read "Mon D, HH:MM UTC" with no year; the year comes from the entry's
// <published>. Files are in test/fixtures/replay/githubstatus-history-atom.tar.xz.
const HAND_CHECKED: Expected[] = [
  // Maintenance, multi-day between announcement and work, open in 7 captures; read
  // 2022-10-28T04-53-18Z (Scheduled Oct 27 17:00, window Nov 4 03:00-04:00) and
  // 2023-01-01T04-24-03Z (its last appearance: In progress Nov 4 03:00, Completed Nov 4 04:01).
  row('3ktldkb3r6f8', 'maintenance', 3, '2022-11-04T03:00', '2022-11-04T04:01', 61),
  // Maintenance; 2022-10-21T05-16-24Z (Scheduled Oct 20 16:54) and 2022-12-15T04-26-39Z (In
  // progress Oct 27 15:00, Completed Oct 27 16:00).
  row('lpslbfcw2czs', 'maintenance', 3, '2022-10-27T15:00', '2022-10-27T16:00', 60),
  // Maintenance with an "Update" between Scheduled and In progress, running over midnight;
  // 2023-02-09T04-25-23Z (In progress Feb 8 22:00), 2023-03-24T04-23-56Z (Completed Feb 9 09:09).
  row('53t2nlxs8016', 'maintenance', 4, '2023-02-08T22:00', '2023-02-09T09:09', 669),
  // Maintenance with an "Update" after In progress; 2022-09-20T05-35-57Z (its last appearance).
  row('33gh4sqgw547', 'maintenance', 4, '2022-06-29T16:26', '2022-06-29T19:56', 210),
  // Multi-day maintenance, completed already in the first capture (backfilled): In progress
  // May 12 21:12, Completed May 16 21:00; read 2022-06-11T21-31-11Z and 2022-08-16T04-46-33Z.
  row('rw3k5dz04rqj', 'maintenance', 3, '2022-05-12T21:12', '2022-05-16T21:00', 5748),
  // Title changed twice (see the title test below); 2023-02-18T04-38-24Z shows it open with 13
  // updates, 2023-03-30T04-23-29Z (last) has 29: Investigating Feb 18 03:45 … Resolved 05:02.
  row('t2xwk9mz56f4', 'incident', 29, '2023-02-18T03:45', '2023-02-18T05:02', 77),
  // Most updates (30, several sharing a minute); 2023-05-10T04-21-59Z and 2023-07-21T04-21-47Z.
  row('f0mhbz9xn497', 'incident', 30, '2023-05-09T11:32', '2023-05-09T21:14', 582),
  // 30 updates; 2023-11-04T04-21-12Z and 2023-12-31T04-22-02Z (the last capture of the set).
  row('xb30mby9fs5x', 'incident', 30, '2023-11-03T16:10', '2023-11-03T19:21', 191),
  // Over two days, open with 13 updates in 2023-02-08T04-26-08Z, 25 in 2023-03-24T04-23-56Z.
  row('cmsz976yn1km', 'incident', 25, '2023-02-07T21:30', '2023-02-08T17:05', 1175),
  // Multi-day, open in 2022-09-14T05-36-39Z (Investigating Sep 13 15:57 only), resolved in
  // 2022-11-01T05-17-41Z (Resolved Sep 14 18:05).
  row('8blgv351d71j', 'incident', 2, '2022-09-13T15:57', '2022-09-14T18:05', 1568),
  // Nearest to New Year (no incident spans Dec 31 → Jan 1 in this set): its "Dec 31" stamps are
  // still listed in 2023 captures; 2022-12-31T04-23-51Z and 2023-02-07T04-24-44Z.
  row('1whd66ydswnx', 'incident', 5, '2022-12-31T00:07', '2022-12-31T01:47', 100),
  // "Jan 1" stamps listed beside Dec 2022 entries; 2023-01-02T04-24-39Z and 2023-02-07T04-24-44Z.
  row('srn4b1fjxp8h', 'incident', 4, '2023-01-01T16:33', '2023-01-01T18:28', 115),
  // Over midnight, open with 12 updates in 2022-07-28T04-51-02Z, 16 in 2022-09-27T05-24-51Z.
  row('7rghmvv5crq0', 'incident', 16, '2022-07-27T22:29', '2022-07-28T06:24', 475),
  // Over midnight, equal stamps at both ends (13:00 Investigating+Update, 00:34 Update+Resolved);
  // 2023-05-11T04-21-38Z and 2023-07-26T04-20-52Z.
  row('pr3498h3qkfy', 'incident', 21, '2023-05-10T13:00', '2023-05-11T00:34', 694),
  // First entry of the first capture, 2022-06-11T21-31-11Z; last seen in 2022-08-29T05-40-56Z.
  row('fbx6ysfb4mff', 'incident', 2, '2022-06-08T18:48', '2022-06-08T19:13', 25),
  // Seen open in 2022-06-17T04-39-23Z (Investigating 03:54 only); 2022-09-07T05-43-10Z (Resolved
  // 06:06).
  row('x2zjps0r5wxn', 'incident', 2, '2022-06-17T03:54', '2022-06-17T06:06', 132),
];

describe('importing 18 months of GitHub history gives the incidents the raw feed shows', () => {
  it.each(HAND_CHECKED)('$id: $updates updates, $started → $resolved ($minutes min)', (want) => {
    const got = listed.find((i) => i.id === want.id);
    expect(got).toBeDefined();
    expect({
      kind: got?.kind,
      updates: got?.update_count,
      started: got?.started_at?.slice(0, 16),
      resolved: got?.resolved_at?.slice(0, 16),
      minutes: got?.duration_minutes,
    }).toEqual({
      kind: want.kind,
      updates: want.updates,
      started: want.started,
      resolved: want.resolved,
      minutes: want.minutes,
    });
  });

  it('keeps both earlier titles of t2xwk9mz56f4, oldest first', async () => {
    // 2023-02-18T04-38-24Z: title without "green"; 2023-02-19T04-25-14Z and 2023-02-20T04-26-03Z:
    // with "green, …, pull-requests, repos"; 2023-02-21T04-26-00Z to 2023-03-30T04-23-29Z: final.
    const incident = await store.getIncident('github', 't2xwk9mz56f4');
    expect(incident?.title).toBe(
      'Incident with Actions, API Requests, code-scanning, Codespaces, Issues, orgs, Packages, Pages, Pull Requests, repositories, teams and Webhooks',
    );
    expect(incident?.previousTitles).toEqual([
      'Incident with Actions, API Requests, code-scanning, Codespaces, Issues, orgs, Packages, Pages, Pull Requests, teams and Webhooks',
      'Incident with Actions, API Requests, code-scanning, Codespaces, green, Issues, orgs, Packages, Pages, Pull Requests, pull-requests, repos, repositories, teams and Webhooks',
    ]);
  });

  it('has no postmortem, as no entry in the set carries a Postmortem update', () => {
    expect([...raw.values()].filter((e) => e.labels.includes('Postmortem'))).toEqual([]);
    expect(listed.filter((i) => i.status === 'postmortem')).toEqual([]);
  });

  it('leaves nothing open: no entry left the 25-entry window while still open', () => {
    // Every entry's last appearance starts with Resolved/Completed, so none scrolled out open.
    const openAtLastSight = [...raw.values()].filter(
      (e) => !/^(Resolved|Completed)$/.test(e.labels[0] ?? ''),
    );
    expect(openAtLastSight.map((e) => e.id)).toEqual([]);
    expect(listed.filter((i) => i.resolved_at === null).map((i) => i.id)).toEqual([]);
  });
});

describe('statuswatch incidents --json lists every captured incident exactly once', () => {
  it('has the same ids as the raw entries, without duplicates', () => {
    const ids = listed.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...raw.keys()].sort());
    expect(rawFiles).toBe(REPLAY_CAPTURES);
    expect(raw.size).toBe(275); // counted by a hand-written script over the 557 files
  });

  it('gives no negative duration', () => {
    const bad = listed.filter((i) => i.duration_minutes !== null && i.duration_minutes < 0);
    expect(bad).toEqual([]);
  });

  it('marks every stored event as imported', async () => {
    const events = await store.listEvents(0, 1_000_000);
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => !e.imported)).toEqual([]);
  });
});

describe('statuswatch report --json adds up over the imported history', () => {
  it('splits the listed incidents into incidents and maintenances, resolved and unresolved', () => {
    expect(report.incidents + report.maintenances).toBe(listed.length);
    expect(report.resolved + report.unresolved).toBe(listed.length);
    // From the raw entries: 10 carry Scheduled/In progress/Completed labels, none ends open.
    expect(report.maintenances).toBe(10);
    expect(report.unresolved).toBe(0);
    expect(report.updates).toBe(listed.reduce((n, i) => n + i.update_count, 0));
    // Counted by a scratch script over each entry's last appearance: 1363 stamped updates; the
    // 25 entries of the first capture, 2022-06-11T21-31-11Z, were all closed there (backfill).
    expect(report.updates).toBe(1363);
    expect(report.backfilled).toBe(25);
  });

  it('gives every anomaly a known kind and a reason', () => {
    for (const { anomaly } of report.anomalies) {
      expect(ANOMALY_KINDS).toContain(anomaly.kind);
      expect(anomaly.reason.trim()).not.toBe('');
    }
  });
});

// --- internal ---

async function cli(args: string[]): Promise<{ code: number; lines: string[]; out: string }> {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dataDir], (l) => lines.push(l));
  return { code, lines, out: lines.join('\n') };
}

interface RawEntry {
  id: string;
  /** The update labels of the entry's last appearance, newest first as the feed lists them. */
  labels: string[];
}

/**
 * A deliberately naive read of the captures, independent of our parser: the incident code from
 * the entry's `/incidents/CODE` link (our vendorId), else the number of its `Incident/<n>` tag.
 */
async function readRawEntries(files: readonly string[]): Promise<Map<string, RawEntry>> {
  const entries = new Map<string, RawEntry>();
  for (const file of files) {
    const xml = await readFile(file, 'utf8');
    for (const [, entry = ''] of xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) {
      const id =
        /href="[^"]*\/incidents\/([A-Za-z0-9]+)"/.exec(entry)?.[1] ??
        /Incident\/(\d+)</.exec(entry)?.[1];
      if (id === undefined) throw new Error(`${file}: entry without link or tag`);
      const labels = [...entry.matchAll(/&lt;strong&gt;([^&]*)&lt;\/strong&gt;/g)].map(
        (m) => m[1] ?? '',
      );
      entries.set(id, { id, labels });
    }
  }
  return entries;
}
