import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { fixtureRoute, startFakeVendor, type FakeVendor } from './fake-vendor.ts';

let vendor: FakeVendor;
let raw: Store;
let app: FastifyInstance;
let fetcher: Fetcher;

beforeAll(async () => {
  vendor = await startFakeVendor();
  vendor.route(
    '/api/v2/summary.json',
    fixtureRoute('vendors/statuspage-v2/github__summary.json', 'application/json'),
  );
  raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  const store = notices.store;
  fetcher = createFetcher({ allowList: ['127.0.0.1'], connectTimeoutMs: 2_000 });
  app = createWebServer({ store, onIngest: (listener) => notices.onIngest(listener), fetcher });
});
afterAll(async () => {
  await app.close();
  await fetcher.close();
  await raw.close();
  await vendor.close();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:80' };

const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

function post(fields: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) {
  return app.inject({
    method: 'POST',
    url: '/providers',
    headers: { ...FORM, ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

describe('the "add a vendor" form', () => {
  it('detects the format, stores the provider and lists the components found', async () => {
    await app.inject('/'); // cached dashboard without the provider
    const res = await post({ url: vendor.url, name: 'Local GitHub' });
    expect(res.statusCode).toBe(201);
    expect(res.body).toContain('<h2>11 components found</h2>');
    expect(res.body).toContain('Packages');
    expect(res.body).toMatch(/watched as\s+<code>statuspage-v2<\/code>/);
    const record = await raw.getProvider('local-github');
    expect(record?.provider.sourceUrl).toBe(`${vendor.url}/api/v2/summary.json`);
    // The web write bypasses ingest, so the form clears the cache itself.
    expect((await app.inject('/')).body).toContain('Local GitHub');
  });

  it('answers a duplicate, a bad URL and an unknown catalog name with the form and a message', async () => {
    const duplicate = await post({ url: vendor.url, name: 'Local GitHub' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('role="alert"');
    expect((await post({ url: 'ftp://example.test/' })).statusCode).toBe(400);
    const unknown = await post({ url: 'zz-no-such-vendor-zz' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('neither a URL nor a vendor in the catalog');
    expect((await post({ url: '' })).statusCode).toBe(400);
    const unreadable = await post({ url: `${vendor.url}/nothing-here/` });
    expect(unreadable.statusCode).toBe(422);
  });

  it('refuses cross-site posts', async () => {
    expect(
      (await post({ url: vendor.url }, { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' }))
        .statusCode,
    ).toBe(403);
    // Older browsers send no Sec-Fetch-Site: the Origin decides.
    expect((await post({ url: vendor.url }, { origin: 'https://evil.test' })).statusCode).toBe(403);
    expect(
      (await post({ url: `${vendor.url}/x/` }, { origin: 'http://localhost' })).statusCode,
    ).toBe(422);
  });

  it('is absent, and refused, when the server has no fetcher', async () => {
    const readOnly = createWebServer({ store: raw });
    expect((await readOnly.inject('/')).body).not.toContain('action="/providers"');
    const res = await readOnly.inject({
      method: 'POST',
      url: '/providers',
      headers: FORM,
      payload: 'url=x',
    });
    expect(res.statusCode).toBe(403);
    await readOnly.close();
  });
});
