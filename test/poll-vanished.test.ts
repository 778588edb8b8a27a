import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { pollSource, apiRootOf } from '../src/ingest/poll-source.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeProvider } from '../src/storage/_test-builders.ts';
import { startFakeVendor, staticRoute, status, type FakeVendor } from './fake-vendor.ts';

// Variations of the real captured incident gqx5l06jjxhp (GitHub, 2023-09-21), served the way a
// Statuspage summary lists it while open, and as incidents/<id>.json once resolved.
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

let vendor: FakeVendor;
let fetcher: Fetcher;
let store: Store;
let now = Date.parse('2023-09-21T08:00:00Z');
const clock = () => now;

async function poll() {
  now += 3_600_000;
  const claimed = (await store.getProvider('gh')) ?? expect.unreachable();
  return pollSource(claimed, { store, fetcher, clock });
}

beforeAll(async () => {
  vendor = await startFakeVendor();
  fetcher = createFetcher({ allowList: ['127.0.0.1'] });
});
afterAll(async () => {
  await fetcher.close();
  await vendor.close();
});

describe('an open incident that leaves summary.json', () => {
  it("is fetched alone and takes the vendor's own resolution", async () => {
    store = await openSqliteStore(':memory:');
    await store.addProvider(
      makeProvider({ slug: 'gh', sourceUrl: `${vendor.url}/api/v2/summary.json` }),
      now,
    );
    vendor.route('/api/v2/summary.json', staticRoute(summary([openIncident]), 'application/json'));
    await poll();
    expect((await store.getIncident('gh', ID))?.status).toBe('investigating');
    vendor.route('/api/v2/summary.json', staticRoute(summary([]), 'application/json'));
    vendor.route(
      `/api/v2/incidents/${ID}.json`,
      staticRoute(JSON.stringify(real), 'application/json'),
    );
    const result = await poll();
    expect(result).toMatchObject({ outcome: 'ingested', warnings: [] });
    const incident = await store.getIncident('gh', ID);
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolvedAt).toBe(Date.parse(real.incident.resolved_at as string));
    await store.close();
  });

  it('stays as last seen, without failing the source, when the vendor deleted it', async () => {
    store = await openSqliteStore(':memory:');
    await store.addProvider(
      makeProvider({ slug: 'gh', sourceUrl: `${vendor.url}/api/v2/summary.json` }),
      now,
    );
    vendor.route('/api/v2/summary.json', staticRoute(summary([openIncident]), 'application/json'));
    await poll();
    vendor.route('/api/v2/summary.json', staticRoute(summary([]), 'application/json'));
    vendor.route(`/api/v2/incidents/${ID}.json`, status(404));
    const result = await poll();
    expect(result.outcome).toBe('ingested');
    expect(result.outcome === 'ingested' ? result.warnings[0] : '').toMatch(
      /left the open list but http_status/,
    );
    const record = await store.getProvider('gh');
    expect(record?.source.health.consecutiveFailures).toBe(0);
    expect(record?.source.etag).not.toBeNull();
    expect((await store.getIncident('gh', ID))?.status).toBe('investigating');
    expect((await store.listEvents(0, 100)).map((e) => e.kind)).not.toContain('source_failed');
    await store.close();
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
