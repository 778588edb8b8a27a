import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compressBody,
  negotiateEncoding,
  registerCompression,
  type Encoding,
} from './_compress.ts';
import { sendResponse } from './_http.ts';
import { PageCache } from './page-cache.ts';

const PAGE = `<!doctype html><p>${'All systems operational. '.repeat(200)}</p>`;

/** A server with one cached page and a compressor that counts its calls. */
async function serverWithCountingCompressor() {
  const cache = new PageCache();
  const calls: Encoding[] = [];
  const app = Fastify();
  registerCompression(app, {
    cache,
    compress: (body, encoding) => {
      calls.push(encoding);
      return compressBody(body, encoding);
    },
  });
  await app.register((routes, _options, done) => {
    routes.get('/page', async (_request, reply) =>
      sendResponse(
        reply,
        await cache.get('/page', () =>
          Promise.resolve({ body: PAGE, contentType: 'text/html', tags: ['github'] }),
        ),
      ),
    );
    done();
  });
  return { app, cache, calls };
}

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('compressed copies of cached pages', () => {
  it('compresses a cached page once per encoding, and again only after the entry is dropped', async () => {
    const { app, cache, calls } = await serverWithCountingCompressor();
    close = () => app.close();
    const get = (encoding: string) =>
      app.inject({ url: '/page', headers: { 'accept-encoding': encoding } });
    const first = await get('br');
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(first.rawPayload).toString()).toBe(PAGE);
    const bytesBefore = cache.size.bytes;
    const second = await get('gzip, deflate, br');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(calls).toEqual(['br']);
    const zipped = await get('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(PAGE);
    await get('gzip');
    expect(calls).toEqual(['br', 'gzip']);
    // The copies count against the cache's byte budget, and go with the entry.
    expect(cache.size.bytes).toBe(bytesBefore + zipped.rawPayload.length);
    cache.notice({ providerSlug: 'github', eventIds: [1], dataChanged: true });
    await get('br');
    expect(calls).toEqual(['br', 'gzip', 'br']);
  });

  it('sends the page as it is to a client that asks for no compression', async () => {
    const { app, calls } = await serverWithCountingCompressor();
    close = () => app.close();
    for (const headers of [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ]) {
      const plain = await app.inject({ url: '/page', headers });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(PAGE);
    }
    expect(calls).toEqual([]);
  });
});

describe('negotiateEncoding', () => {
  it('takes the highest weight, brotli on a tie, and honours q=0, * and identity', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity;q=1, gzip;q=0.5')).toBeNull();
    expect(negotiateEncoding('deflate')).toBeNull();
    expect(negotiateEncoding(undefined)).toBeNull();
  });
});
