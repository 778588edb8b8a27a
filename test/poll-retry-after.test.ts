import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { pollSource } from '../src/ingest/poll-source.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { makeProvider } from './support/builders.ts';
import { startFakeVendor, type FakeVendor, type Route } from './fake-vendor.ts';

// Statuspage's CDN answers an overloaded client 429 or 503; Retry-After (RFC 9110 §10.2.3) with
// delay-seconds is the standard way to say when to come back. The 1800 s answer is an INVENTED
// VARIATION: no capture we hold records response headers.
function busy(code: number, retryAfter: string): Route {
  return {
    serve: (_req, res) => {
      res.writeHead(code, { 'content-type': 'text/plain', 'retry-after': retryAfter });
      res.end('busy');
    },
  };
}

let vendor: FakeVendor;
let fetcher: Fetcher;
beforeAll(async () => {
  vendor = await startFakeVendor();
  fetcher = createFetcher({ allowList: ['127.0.0.1'] });
});
afterAll(async () => {
  await fetcher.close();
  await vendor.close();
});

describe('a vendor poll answered with Retry-After', () => {
  for (const code of [429, 503]) {
    it(`waits at least what a ${code} asked before polling again`, async () => {
      const store = await openSqliteStore(':memory:');
      const now = Date.parse('2026-11-29T12:00:00Z');
      const path = `/r${code}/api/v2/summary.json`;
      vendor.route(path, busy(code, '1800'));
      await store.addProvider(makeProvider({ slug: 'v', sourceUrl: `${vendor.url}${path}` }), now);
      const claimed = (await store.getProvider('v')) ?? expect.unreachable();
      // No companion this time: the provider's own summary is what we judge.
      const result = await pollSource(
        { ...claimed, companion: null },
        { store, fetcher, deliveries: noDeliveries, clock: () => now, random: () => 0.5 },
      );
      expect(result).toMatchObject({ outcome: 'failed', errorKind: 'http_status' });
      const next = (await store.getProvider('v'))?.source.nextPollAt ?? 0;
      // Our own backoff after one failure would be 2 × 5 min; the vendor asked for 30 min.
      expect(next - now).toBe(1_800_000);
      await store.close();
    });
  }

  it('keeps its own backoff when that is longer than the wait asked for', async () => {
    const store = await openSqliteStore(':memory:');
    const now = Date.parse('2026-11-29T12:00:00Z');
    const path = '/short/api/v2/summary.json';
    vendor.route(path, busy(503, '5'));
    await store.addProvider(makeProvider({ slug: 'v', sourceUrl: `${vendor.url}${path}` }), now);
    const claimed = (await store.getProvider('v')) ?? expect.unreachable();
    await pollSource(
      { ...claimed, companion: null },
      { store, fetcher, deliveries: noDeliveries, clock: () => now, random: () => 0.5 },
    );
    expect(((await store.getProvider('v'))?.source.nextPollAt ?? 0) - now).toBe(2 * 5 * 60_000);
    await store.close();
  });
});
