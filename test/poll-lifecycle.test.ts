import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../src/fetch/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { createScheduler } from '../src/ingest/scheduler.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { makeProvider } from './support/builders.ts';
import { useTempDir } from './support/temp-dir.ts';
import { scriptRoute, startFakeVendor, type FakeVendor } from './fake-vendor.ts';
import { LIFECYCLE_INCIDENT_ID, lifecycleSteps } from './lifecycle-script.ts';

const dataDir = useTempDir('sw-lifecycle-');
let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await startFakeVendor();
});
afterAll(() => vendor.close());

/** Polls everything due with a clock that jumps ten minutes per round, so every round is due. */
async function pollRounds(store: Store, rounds: number, start: number): Promise<void> {
  const fetcher = createFetcher({ allowList: ['127.0.0.1'] });
  let now = start;
  try {
    for (let i = 0; i < rounds; i++) {
      now += 600_000;
      const t = now;
      const results = await createScheduler({
        store,
        fetcher,
        deliveries: noDeliveries,
        clock: () => t,
      }).runOnce();
      expect(results.map((r) => r.outcome)).not.toContain('failed');
    }
  } finally {
    await fetcher.close();
  }
}

describe('polling a scripted incident lifecycle end to end', () => {
  const steps = lifecycleSteps();
  // Just after the real incident resolved (2023-06-29 18:36 UTC), so its times are recent news.
  const start = Date.parse('2023-06-29T18:37:00Z');

  it('stores exactly the incident, its updates and one event per update', async () => {
    vendor.route(
      '/api/v2/incidents.json',
      scriptRoute(steps.map((s) => ({ body: s.body, contentType: 'application/json' }))),
    );
    const store = await openStore({ databaseUrl: null, dataDir });
    await store.addProvider(
      makeProvider({ slug: 'gh', sourceUrl: `${vendor.url}/api/v2/incidents.json` }),
      start,
    );
    // Mark the provider as already watched, so the first step is news rather than backfill.
    await store.applyIngest({
      providerSlug: 'gh',
      components: [],
      incidents: [],
      events: [],
      status: 'operational',
      imported: false,
      source: (await store.getProvider('gh'))?.source ?? expect.unreachable(),
    });
    await pollRounds(store, steps.length, start);
    const incidents = await store.listIncidents({ providerSlug: 'gh' });
    expect(incidents).toHaveLength(1);
    const incident = incidents[0];
    expect(incident?.vendorId).toBe(LIFECYCLE_INCIDENT_ID);
    expect(incident?.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
      'postmortem',
    ]);
    expect(incident?.status).toBe('postmortem');
    expect(incident?.postmortem?.bodyText).toContain('second Internet edge facility');
    expect(incident?.postmortem?.publishedAt).toBe(Date.parse('2023-06-30T18:00:00.000Z'));
    expect(incident?.backfilled).toBe(false);
    const events = await store.listEvents(0, 100);
    expect(events.filter((e) => e.kind !== 'provider_status_changed').map((e) => e.kind)).toEqual([
      'incident_opened',
      'incident_status_changed',
      'incident_status_changed',
      'incident_resolved',
      'postmortem_published',
    ]);
    expect(events.every((e) => !e.imported)).toBe(true);
    await store.close();
  });

  it('writes no duplicate events after a restart that sees the same payloads again', async () => {
    const store = await openStore({ databaseUrl: null, dataDir });
    const before = await store.listEvents(0, 100);
    // The vendor serves its final page again with a new ETag (as after a deploy), and an older
    // copy from a lagging CDN node: neither may produce an event.
    const final = steps.at(-1)?.body ?? '';
    const stale = steps[1]?.body ?? '';
    vendor.route(
      '/api/v2/incidents.json',
      scriptRoute(
        [final, stale, final].map((body) => ({
          body: `${body} `,
          contentType: 'application/json',
        })),
      ),
    );
    await pollRounds(store, 3, start + 3_600_000);
    expect(await store.listEvents(0, 100)).toEqual(before);
    expect((await store.listIncidents({ providerSlug: 'gh' }))[0]?.updates).toHaveLength(5);
    await store.close();
  });
});
