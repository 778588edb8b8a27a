/**
 * The vendor twin over real HTTP on 127.0.0.1. Expected values were read by hand from the raw
 * captures named at each case, never from our renderers' output.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { statuspageFeed } from '../src/sources/statuspage-feed.ts';
import type { Fault } from '../src/twin/twin-faults.ts';
import { startTwin, type Twin } from '../src/twin/twin-server.ts';
import { buildVendorHistory, type VendorHistory } from '../src/twin/vendor-history.ts';

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
/** GitHub's history.atom captured 2022-10-28T04:53:18Z. */
const GITHUB_ATOM = fixture('replay-sample/githubstatus-history-atom__2022-10-28T04-53-18Z.atom');
const BOX = fixture('vendors/statuspage-v2/box__incidents-2024-01-31-first3.json');
const JIRA = fixture('vendors/statuspage-v2/jira__incidents-2023-09-01.json');

let twin: Twin | null = null;
let now = 0;
afterEach(async () => {
  await twin?.close();
  twin = null;
});

async function start(history: VendorHistory, faults: Fault[] = []): Promise<Twin> {
  twin = await startTwin({ history, clock: () => now, faults });
  return twin;
}

/** The wire fields these tests read (shapes of github__summary.json). */
interface WireUpdate {
  status: string;
  display_at: string | null;
  created_at: string;
}
interface WireIncident {
  id: string;
  status: string;
  resolved_at: string | null;
  incident_updates: WireUpdate[];
}
interface Payload {
  incidents: WireIncident[];
  scheduled_maintenances: WireIncident[];
  incident: WireIncident & Record<string, unknown>;
  status: { indicator: string };
}

async function getJson(t: Twin, path: string): Promise<{ status: number; body: Payload }> {
  const res = await fetch(`${t.url}${path}`);
  const body = res.status === 200 ? ((await res.json()) as Payload) : ({} as Payload);
  return { status: res.status, body };
}

const at = (iso: string) => Date.parse(iso);

describe('twin of GitHub history.atom (capture 2022-10-28T04:53:18Z)', () => {
  // Entry z9dd32bvfgp3 "Incident with Pull Requests": Investigating Oct 27 04:59, Update 05:36,
  // Update 06:08, Resolved 06:31 (all UTC).
  it('shows an incident open in summary.json only between its first update and its resolution', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]));
    now = at('2022-10-27T04:58:30Z');
    expect((await getJson(t, '/api/v2/summary.json')).body.incidents).toEqual([]);
    expect((await getJson(t, '/api/v2/incidents/z9dd32bvfgp3.json')).status).toBe(404);
    now = at('2022-10-27T05:40:00Z');
    const open = (await getJson(t, '/api/v2/summary.json')).body;
    expect(open.incidents.map((i) => [i.id, i.status, i.incident_updates.length])).toEqual([
      ['z9dd32bvfgp3', 'investigating', 2],
    ]);
    expect(open.status.indicator).not.toBe('none');
    expect((await getJson(t, '/api/v2/incidents/unresolved.json')).body.incidents[0]?.id).toBe(
      'z9dd32bvfgp3',
    );
    now = at('2022-10-27T06:32:00Z');
    expect((await getJson(t, '/api/v2/summary.json')).body.incidents).toEqual([]);
    const single = (await getJson(t, '/api/v2/incidents/z9dd32bvfgp3.json')).body.incident;
    expect([single.status, single.resolved_at, single.incident_updates.length]).toEqual([
      'resolved',
      '2022-10-27T06:31:00.000Z',
      4,
    ]);
    const list = (await getJson(t, '/api/v2/incidents.json')).body.incidents;
    expect(list[0]?.id).toBe('z9dd32bvfgp3');
  });

  // Entry 3ktldkb3r6f8 "GitHub Importer Maintenance": Scheduled Oct 27 17:00, nothing after.
  it('lists an announced maintenance as upcoming in summary.json and upcoming.json', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]));
    now = at('2022-10-27T18:00:00Z');
    const summary = (await getJson(t, '/api/v2/summary.json')).body;
    expect(summary.scheduled_maintenances.map((m) => [m.id, m.status])).toContainEqual([
      '3ktldkb3r6f8',
      'scheduled',
    ]);
    const upcoming = (await getJson(t, '/api/v2/scheduled-maintenances/upcoming.json')).body;
    expect(upcoming.scheduled_maintenances.map((m) => m.id)).toContain('3ktldkb3r6f8');
    expect(
      (await getJson(t, '/api/v2/scheduled-maintenances/active.json')).body.scheduled_maintenances,
    ).toEqual([]);
    expect(
      (await getJson(t, '/api/v2/incidents.json')).body.incidents.map((i) => i.id),
    ).not.toContain('3ktldkb3r6f8');
  });

  it('serves history.atom and history.rss that read back to the capture’s updates', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]));
    now = at('2022-10-27T06:32:00Z');
    for (const path of ['/history.atom', '/history.rss']) {
      const body = await (await fetch(`${t.url}${path}`)).text();
      const parsed = statuspageFeed.parse(body, { url: path, fetchedAt: now, contentType: null });
      expect(parsed.incidents.length).toBeLessThanOrEqual(25);
      const z9 = parsed.incidents.find((i) => i.vendorId === 'z9dd32bvfgp3');
      expect(
        z9?.updates.map((u) => [new Date(u.displayedAt ?? 0).toISOString(), u.status]),
      ).toEqual([
        ['2022-10-27T04:59:00.000Z', 'investigating'],
        ['2022-10-27T05:36:00.000Z', 'investigating'],
        ['2022-10-27T06:08:00.000Z', 'investigating'],
        ['2022-10-27T06:31:00.000Z', 'resolved'],
      ]);
      // Completed Oct 27 16:00: not public yet at 06:32.
      expect(parsed.incidents.find((i) => i.vendorId === 'lpslbfcw2czs')?.status).toBe('scheduled');
    }
  });

  it('answers 304 to a matching ETag or a current If-Modified-Since, 200 after a change', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]));
    now = at('2022-10-27T05:00:00Z');
    const first = await fetch(`${t.url}/api/v2/summary.json`);
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${t.url}/api/v2/summary.json`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const since = await fetch(`${t.url}/api/v2/summary.json`, {
      headers: { 'if-modified-since': lastModified },
    });
    expect(since.status).toBe(304);
    now = at('2022-10-27T05:37:00Z'); // the 05:36 Update is out
    const changed = await fetch(`${t.url}/api/v2/summary.json`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('twin faults', () => {
  it('answers a scripted 5xx burst, then recovers', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]), [
      {
        kind: 'status',
        path: 'summary\\.json$',
        status: 503,
        from: at('2022-10-27T05:00:00Z'),
        until: at('2022-10-27T05:02:00Z'),
      },
    ]);
    now = at('2022-10-27T05:01:00Z');
    expect((await getJson(t, '/api/v2/summary.json')).status).toBe(503);
    expect((await getJson(t, '/api/v2/incidents.json')).status).toBe(200);
    now = at('2022-10-27T05:02:00Z');
    expect((await getJson(t, '/api/v2/summary.json')).status).toBe(200);
    expect(t.requests().get('/api/v2/summary.json 503')).toBe(1);
  });

  it('serves an older CDN copy while the stale window lasts', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]), [
      {
        kind: 'stale',
        path: 'summary\\.json$',
        lagMs: 3_600_000,
        from: at('2022-10-27T06:40:00Z'),
      },
    ]);
    now = at('2022-10-27T06:40:00Z'); // resolved 06:31, but the copy is from 05:40
    expect((await getJson(t, '/api/v2/summary.json')).body.incidents.map((i) => i.id)).toEqual([
      'z9dd32bvfgp3',
    ]);
    expect((await getJson(t, '/api/v2/incidents/z9dd32bvfgp3.json')).body.incident.status).toBe(
      'resolved',
    );
  });

  it('removes a deleted incident from every view; its own URL answers 404', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]), [
      { kind: 'deleted', code: 'z9dd32bvfgp3', from: at('2022-10-27T05:10:00Z') },
    ]);
    now = at('2022-10-27T05:05:00Z');
    expect((await getJson(t, '/api/v2/summary.json')).body.incidents).toHaveLength(1);
    now = at('2022-10-27T05:10:00Z');
    expect((await getJson(t, '/api/v2/summary.json')).body.incidents).toEqual([]);
    expect((await getJson(t, '/api/v2/incidents/z9dd32bvfgp3.json')).status).toBe(404);
    expect(
      (await getJson(t, '/api/v2/incidents.json')).body.incidents.map((i) => i.id),
    ).not.toContain('z9dd32bvfgp3');
  });

  it('hangs a request without answering while other paths still answer', async () => {
    const t = await start(await buildVendorHistory([GITHUB_ATOM]), [
      { kind: 'hang', path: 'incidents\\.json$', from: 0 },
    ]);
    now = at('2022-10-27T05:05:00Z');
    let settled = false;
    const hanging = fetch(`${t.url}/api/v2/incidents.json`).finally(() => {
      settled = true;
    });
    hanging.catch(() => undefined);
    // The server has taken the hanging request once a later one on another path is answered.
    while (t.requests().get('/api/v2/incidents.json hang') === undefined) {
      expect((await getJson(t, '/api/v2/summary.json')).status).toBe(200);
    }
    expect(settled).toBe(false);
    await t.close();
    twin = null;
    await expect(hanging).rejects.toThrow();
  });
});

describe('postmortems as the public API carries them', () => {
  // box t338nyx801f7: resolved 2024-01-22T16:16:21-08:00, postmortem created 2024-01-26T12:33:41-08:00, display_at null.
  it('adds the postmortem update when it was posted, never before (box)', async () => {
    const t = await start(await buildVendorHistory([BOX]));
    now = at('2024-01-24T00:00:00Z');
    const before = (await getJson(t, '/api/v2/incidents/t338nyx801f7.json')).body.incident;
    expect(before.status).toBe('resolved');
    expect(before.incident_updates.map((u) => u.status)).not.toContain('postmortem');
    now = at('2024-01-26T20:34:00Z');
    const after = (await getJson(t, '/api/v2/incidents/t338nyx801f7.json')).body.incident;
    expect(after.status).toBe('postmortem');
    const pm = after.incident_updates.find((u) => u.status === 'postmortem');
    expect([pm?.display_at, pm?.created_at, 'postmortem_body' in after]).toEqual([
      null,
      '2024-01-26T20:33:41.521Z',
      false,
    ]);
  });

  // jira: 3 incidents (pqltf5m971qf, g84s6dz9frd0, b7ch86y0850g) with a postmortem posted after resolution.
  it('shows the 3 postmortems of the Jira capture in incidents.json at its capture time', async () => {
    const t = await start(await buildVendorHistory([JIRA]));
    now = at('2023-09-01T00:01:30Z');
    const list = (await getJson(t, '/api/v2/incidents.json')).body.incidents;
    expect(list).toHaveLength(50);
    const withPm = list.filter((i) => i.incident_updates.some((u) => u.status === 'postmortem'));
    expect(withPm.map((i) => i.id).sort()).toEqual([
      'b7ch86y0850g',
      'g84s6dz9frd0',
      'pqltf5m971qf',
    ]);
    now = at('2023-07-14T05:00:00Z'); // before pqltf5m971qf's postmortem (05:06:09)
    const early = (await getJson(t, '/api/v2/incidents/pqltf5m971qf.json')).body.incident;
    expect(early.incident_updates.map((u) => u.status)).not.toContain('postmortem');
  });
});
