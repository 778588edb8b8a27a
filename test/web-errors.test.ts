import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, type Channels } from '../src/alerts/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

let store: Store;
let channels: Channels;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seedStore(store);
  channels = createChannels({});
  const alerts = { store, channels, publicUrl: 'https://sw.example', clock: () => SEED_NOW };
  app = createWebServer({ store, clock: () => SEED_NOW, alerts });
});
afterAll(async () => {
  await app.close();
  await channels.close();
  await store.close();
});

const errorOf = (body: string) => (JSON.parse(body) as { error: unknown }).error;

describe('HTTP errors the framework meets answer in our shape, with our codes', () => {
  it('a malformed percent-encoding: JSON error under /api, the error page elsewhere', async () => {
    const api = await app.inject('/api/v1/providers/%E0%A4%A');
    expect(api.statusCode).toBe(400);
    expect(errorOf(api.body)).toMatchObject({ code: 'bad_request' });
    const page = await app.inject('/providers/%E0%A4%A');
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toContain('FST_ERR');
  });

  it('invalid JSON is a bad_request that says so', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toMatchObject({ code: 'bad_request' });
    expect(res.body).toContain('"message":"invalid JSON body');
  });

  it('a body that is not JSON under /api is 415, not a validation 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(errorOf(res.body)).toMatchObject({ code: 'unsupported_media_type' });
    const charset = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: '{}',
    });
    expect(charset.statusCode).not.toBe(415);
    // A read that names a content type (some clients always send one) is still a read.
    const read = await app.inject({
      url: '/api/v1/providers',
      headers: { 'content-type': 'text/plain' },
    });
    expect(read.statusCode).toBe(200);
  });
});

describe('a wrong method on an existing route', () => {
  it('is 405 with an Allow header naming the methods the route takes', async () => {
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/providers/github' });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toMatch(/\bGET\b/);
    expect(errorOf(del.body)).toMatchObject({ code: 'method_not_allowed' });
    const put = await app.inject({ method: 'PUT', url: '/api/v1/incidents' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toMatch(/\bGET\b/);
    const page = await app.inject({ method: 'DELETE', url: '/providers/github' });
    expect(page.statusCode).toBe(405);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('leaves a path no route has, and an unknown id, a 404', async () => {
    expect((await app.inject({ method: 'DELETE', url: '/nowhere/at/all' })).statusCode).toBe(404);
    expect((await app.inject('/api/v1/providers/nope')).statusCode).toBe(404);
    expect((await app.inject('/providers/nope')).statusCode).toBe(404);
  });
});

describe('one ETag per encoding', () => {
  it.each(['/api/v1/incidents?limit=50', '/'])(
    '%s: each encoding its own ETag, every copy Vary: Accept-Encoding, 304 per encoding',
    async (url) => {
      const plain = await app.inject(url);
      const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      const br = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(br.headers['content-encoding']).toBe('br');
      const tags = [plain, gzip, br].map((r) => String(r.headers.etag));
      expect(new Set(tags).size).toBe(3);
      for (const res of [plain, gzip, br]) {
        const vary = String(res.headers.vary).split(/,\s*/);
        expect(vary.filter((v) => v.toLowerCase() === 'accept-encoding')).toHaveLength(1);
      }
      const again = await app.inject({
        url,
        headers: { 'accept-encoding': 'gzip', 'if-none-match': tags[1] },
      });
      expect(again.statusCode).toBe(304);
      const crossed = await app.inject({ url, headers: { 'if-none-match': tags[1] } });
      expect(crossed.statusCode).toBe(200);
    },
  );
});

describe('an unknown provider filter', () => {
  it('is 404 not_found on the API, as the provider itself is', async () => {
    const res = await app.inject('/api/v1/incidents?provider=nope');
    expect(res.statusCode).toBe(404);
    expect(errorOf(res.body)).toMatchObject({ code: 'not_found' });
    expect((await app.inject('/api/v1/incidents?provider=github')).statusCode).toBe(200);
  });
});

describe('the incidents page with an unknown provider', () => {
  it('is 404 and says so above the form, which keeps the other filters', async () => {
    const res = await app.inject('/incidents?provider=nope&kind=incident');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('“nope” is not a provider we watch.');
    expect(res.body).toMatch(/<option value="incident"[^>]*selected/);
  });
});
