import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FOLLOW_UP_GIVE_UP_MS } from '../src/ingest/follow-ups.ts';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { pollSource, apiRootOf } from '../src/ingest/poll-source.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeProvider } from './support/builders.ts';
import { startFakeVendor, staticRoute, status, type FakeVendor } from './fake-vendor.ts';

// The real captured incident gqx5l06jjxhp (GitHub, 2023-06-29, github__incident-gqx5l06jjxhp.json)
// served as Statuspage serves it: listed in summary.json and incidents.json while unresolved
// (its updates before "resolved"; summary.json lists unresolved incidents only, as
// github__summary-2026-07-31.json shows), then gone from summary.json, and resolved in
// incidents/<code>.json. The 503 and 404 answers are INVENTED VARIATIONS for the fault cases.
type Json = Record<string, unknown>;
const real = JSON.parse(
  readFileSync(
    new URL('./fixtures/vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json', import.meta.url),
    'utf8',
  ),
) as { page: Json; incident: Json & { incident_updates: Json[] } };
const ID = 'gqx5l06jjxhp';
const openIncident = {
  ...real.incident,
  status: 'investigating',
  resolved_at: null,
  incident_updates: real.incident.incident_updates.slice(1), // without the final "resolved"
};
const summary = (incidents: unknown[]) =>
  JSON.stringify({ page: real.page, components: [], incidents, scheduled_maintenances: [] });
const incidentsJson = (incidents: unknown[]) => JSON.stringify({ page: real.page, incidents });
const SINGLE = `/api/v2/incidents/${ID}.json`;

let vendor: FakeVendor;
let fetcher: Fetcher;
let store: Store;
// Just after the last "investigating" update (18:35:47), before "resolved" (18:36:19).
let now = Date.parse('2023-06-29T18:35:00Z');
const clock = () => now;

async function pollAt(ms: number) {
  now = ms;
  const claimed = (await store.getProvider('gh')) ?? expect.unreachable();
  return pollSource(claimed, { store, fetcher, deliveries: noDeliveries, clock });
}
const poll = () => pollAt(now + 60_000);

beforeAll(async () => {
  vendor = await startFakeVendor();
  fetcher = createFetcher({ allowList: ['127.0.0.1'] });
});
afterAll(async () => {
  await fetcher.close();
  await vendor.close();
});
beforeEach(async () => {
  now = Date.parse('2023-06-29T18:35:00Z');
  store = await openSqliteStore(':memory:');
  await store.addProvider(
    makeProvider({ slug: 'gh', sourceUrl: `${vendor.url}/api/v2/summary.json` }),
    now,
  );
  vendor.route('/api/v2/summary.json', staticRoute(summary([openIncident]), 'application/json'));
  vendor.route(
    '/api/v2/incidents.json',
    staticRoute(incidentsJson([openIncident]), 'application/json'),
  );
  await poll();
  expect((await store.getIncident('gh', ID))?.status).toBe('investigating');
  expect((await store.getProvider('gh'))?.status).not.toBe('operational');
  vendor.route('/api/v2/summary.json', staticRoute(summary([]), 'application/json'));
});
afterEach(async () => {
  await store.close();
});

describe('an open incident that leaves summary.json', () => {
  it("is fetched alone in the same poll and takes the vendor's own resolution", async () => {
    vendor.route(SINGLE, staticRoute(JSON.stringify(real), 'application/json'));
    const hits = vendor.hits(SINGLE);
    const result = await poll();
    expect(result).toMatchObject({ outcome: 'ingested', warnings: [] });
    expect(vendor.hits(SINGLE)).toBe(hits + 1);
    const incident = await store.getIncident('gh', ID);
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolvedAt).toBe(Date.parse(real.incident.resolved_at as string));
    const record = await store.getProvider('gh');
    expect(record?.followUps).toEqual([]);
    expect(record?.status).toBe('operational');
  });

  it('converges after one 503 on the follow-up, although the summary then answers 304', async () => {
    vendor.route(SINGLE, status(503));
    const first = await poll();
    expect(first.outcome === 'ingested' ? first.warnings.join() : '').toMatch(/503/);
    expect((await store.getProvider('gh'))?.followUps).toHaveLength(1);
    vendor.route(SINGLE, staticRoute(JSON.stringify(real), 'application/json'));
    // The summary is unchanged (304 from now on); the follow-up list alone brings the end.
    const summaryHits = vendor.hits('/api/v2/summary.json');
    const second = await poll();
    expect(second.outcome === 'ingested' ? second.events : 0).toBeGreaterThan(0);
    expect(vendor.hits('/api/v2/summary.json')).toBe(summaryHits + 1);
    const incident = await store.getIncident('gh', ID);
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolvedAt).toBe(Date.parse(real.incident.resolved_at as string));
    expect((await store.getProvider('gh'))?.status).toBe('operational');
    expect((await store.getProvider('gh'))?.followUps).toEqual([]);
  });

  it('ends withdrawn, end unknown, when the vendor deleted it (404), without failing the source', async () => {
    vendor.route(SINGLE, status(404));
    const result = await poll();
    expect(result.outcome).toBe('ingested');
    const incident = await store.getIncident('gh', ID);
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolvedAt).toBeNull();
    expect(incident?.ingestAnomalies.map((a) => a.kind)).toContain('withdrawn');
    const record = await store.getProvider('gh');
    expect(record?.status).toBe('operational');
    expect(record?.followUps).toEqual([]);
    expect(record?.source.health.consecutiveFailures).toBe(0);
    expect((await store.listEvents(0, 100)).map((e) => e.kind)).not.toContain('source_failed');
  });

  it('ends withdrawn when the vendor says nothing within the follow-up time', async () => {
    vendor.route(SINGLE, status(503));
    const start = now;
    await poll();
    for (let i = 0; i < 40 && now - start <= FOLLOW_UP_GIVE_UP_MS; i++) {
      await pollAt(now + 15 * 60_000);
    }
    const incident = await store.getIncident('gh', ID);
    expect(incident?.status).toBe('resolved');
    expect(incident?.ingestAnomalies.map((a) => a.kind)).toContain('withdrawn');
    expect((await store.getProvider('gh'))?.status).toBe('operational');
    // Retried with backoff, not on every poll: 6 h of 15-minute polls gave fewer tries.
    expect(vendor.hits(SINGLE)).toBeLessThan(25);
  });
});

describe('apiRootOf', () => {
  it('finds the API root whatever Statuspage file the source polls', () => {
    expect(apiRootOf('https://s.test/api/v2/summary.json')).toBe('https://s.test/api/v2');
    expect(apiRootOf('https://s.test/api/v2/incidents/unresolved.json')).toBe(
      'https://s.test/api/v2',
    );
    expect(apiRootOf('https://s.test/status/api/v2/scheduled-maintenances/active.json')).toBe(
      'https://s.test/status/api/v2',
    );
  });
});
