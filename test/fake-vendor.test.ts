import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import {
  entityBomb,
  fixtureRoute,
  gzipBomb,
  hugeBody,
  redirectLoop,
  scriptRoute,
  startFakeVendor,
  staticRoute,
} from './fake-vendor.ts';
import type { FakeVendor } from './fake-vendor.ts';

let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await startFakeVendor();
});
afterAll(async () => {
  await vendor.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${vendor.url}${path}`, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

describe('fake vendor', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(vendor.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves a static body with a strong ETag and answers 304 when it matches', async () => {
    vendor.route('/s', staticRoute('{"a":1}', 'application/json'));
    const first = await get('/s');
    expect(first).toMatchObject({ status: 200, body: Buffer.from('{"a":1}') });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await get('/s', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/s', { 'if-none-match': '"other"' })).status).toBe(200);
    expect(vendor.hits('/s')).toBe(3);
  });

  it('gzips only when the client accepts it', async () => {
    vendor.route('/z', staticRoute('hello '.repeat(100), 'text/plain'));
    const zipped = await get('/z', { 'accept-encoding': 'br;q=0.5, gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toBe('hello '.repeat(100));
    const refused = await get('/z', { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('steps through a script on each 200, not on a 304', async () => {
    const script = scriptRoute(
      ['investigating', 'monitoring', 'resolved'].map((s) => ({
        body: s,
        contentType: 'text/plain',
      })),
    );
    vendor.route('/life', script);
    const first = await get('/life');
    expect((await get('/life', { 'if-none-match': String(first.headers.etag) })).status).toBe(200);
    const seen = [first.body.toString(), (await get('/life')).body.toString()];
    expect(seen).toEqual(['investigating', 'resolved']);
    expect(script.step).toBe(2);
  });

  it('advances a script only on request when autoAdvance is off', async () => {
    const script = scriptRoute(
      ['one', 'two'].map((s) => ({ body: s, contentType: 'text/plain' })),
      { autoAdvance: false },
    );
    vendor.route('/manual', script);
    expect((await get('/manual')).body.toString()).toBe('one');
    expect((await get('/manual')).body.toString()).toBe('one');
    script.advance();
    expect((await get('/manual')).body.toString()).toBe('two');
  });

  it('serves fixtures from test/fixtures', async () => {
    vendor.route(
      '/summary',
      fixtureRoute('vendors/statuspage-v2/github__summary.json', 'application/json'),
    );
    const res = await get('/summary');
    expect(JSON.parse(res.body.toString())).toHaveProperty('page');
  });

  it('streams a huge body of the size asked for', async () => {
    vendor.route('/huge', hugeBody(2, { declareLength: true }));
    const res = await get('/huge');
    expect(res.body.length).toBe(2 * 1024 * 1024);
    expect(res.headers['content-length']).toBe(String(2 * 1024 * 1024));
  });

  it('serves a gzip bomb far smaller than what it inflates to', async () => {
    vendor.route('/bomb', gzipBomb(16));
    const res = await get('/bomb');
    expect(res.body.length).toBeLessThan(100 * 1024);
    expect(gunzipSync(res.body).length).toBe(16 * 1024 * 1024);
  });

  it('redirects in a loop and serves a billion-laughs document', async () => {
    vendor.route('/loop', redirectLoop());
    vendor.route('/lol', entityBomb());
    const hop = await get('/loop?hop=3');
    expect(hop).toMatchObject({ status: 302, headers: { location: '/loop?hop=4' } });
    expect((await get('/lol')).body.toString()).toContain('<!ENTITY lol9');
  });

  it('answers 404 to unknown paths and still counts them', async () => {
    expect((await get('/nowhere')).status).toBe(404);
    expect(vendor.hits('/nowhere')).toBe(1);
  });
});
