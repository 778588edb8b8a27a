import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { COMPANION_INTERVAL_MS } from '../src/ingest/poll-companion.ts';
import { pollSource } from '../src/ingest/poll-source.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeProvider } from './support/builders.ts';
import { fixtureRoute, startFakeVendor, type FakeVendor } from './fake-vendor.ts';

// GitHub's captured summary.json and incidents.json (2026-07-31), served with ETags so the
// second poll of each answers 304. The bodies are captures; the ETag/304 headers are invented
// (no capture records response headers), in the form conditional GET always takes.
const JSON_TYPE = 'application/json';

let vendor: FakeVendor;
let fetcher: Fetcher;
beforeAll(async () => {
  vendor = await startFakeVendor();
  fetcher = createFetcher({ allowList: ['127.0.0.1'] });
  vendor.route(
    '/gh/api/v2/summary.json',
    fixtureRoute('vendors/statuspage-v2/github__summary-2026-07-31.json', JSON_TYPE),
  );
  vendor.route(
    '/gh/api/v2/incidents.json',
    fixtureRoute('vendors/statuspage-v2/github__incidents-2026-07-31.json', JSON_TYPE),
  );
});
afterAll(async () => {
  await fetcher.close();
  await vendor.close();
});

/** Counts the store's writes, by method. */
function countingWrites(store: Store): { store: Store; writes: string[] } {
  const writes: string[] = [];
  const counted = Object.create(store) as Store;
  for (const method of [
    'applyIngest',
    'recordSourceStates',
    'recordCompanionState',
    'releaseLease',
  ] as const) {
    const original = store[method].bind(store) as (...args: never[]) => Promise<unknown>;
    (counted as unknown as Record<string, unknown>)[method] = (...args: never[]) => {
      writes.push(method);
      return original(...args);
    };
  }
  return { store: counted, writes };
}

describe('a poll whose summary and companion both answer 304', () => {
  it('saves both states in one write that also ends the lease', async () => {
    const store = await openSqliteStore(':memory:');
    const t0 = Date.parse('2026-07-31T12:00:00Z');
    const sourceUrl = `${vendor.url}/gh/api/v2/summary.json`;
    await store.addProvider(makeProvider({ slug: 'gh', sourceUrl }), t0);
    const first = await store.claimDueSources(t0, 1, 'p1', 120_000);
    await pollSource(first[0] ?? expect.unreachable(), {
      store,
      fetcher,
      deliveries: noDeliveries,
      clock: () => t0,
    });
    expect(vendor.hits('/gh/api/v2/incidents.json')).toBe(1);

    // Past the companion's interval (and its jitter): both sources are asked again.
    const t1 = t0 + 2 * COMPANION_INTERVAL_MS;
    const claimed = (await store.claimDueSources(t1, 1, 'p1', 120_000))[0];
    const { store: counted, writes } = countingWrites(store);
    const result = await pollSource(claimed ?? expect.unreachable(), {
      store: counted,
      fetcher,
      deliveries: noDeliveries,
      clock: () => t1,
      random: () => 0.5,
    });
    expect(result.outcome).toBe('not_modified');
    expect(vendor.hits('/gh/api/v2/incidents.json')).toBe(2);
    expect(writes).toEqual(['recordSourceStates']);
    const after = (await store.getProvider('gh')) ?? expect.unreachable();
    expect(after.source.health.lastSuccessAt).toBe(t1);
    expect(after.companion?.lastSuccessAt).toBe(t1);
    expect(after.companion?.nextPollAt).toBe(t1 + COMPANION_INTERVAL_MS);
    // The lease is free: another poller may claim the provider once it is due.
    const later = after.source.nextPollAt;
    expect(await store.claimDueSources(later, 1, 'p2', 120_000)).toHaveLength(1);
    await store.close();
  });
});
