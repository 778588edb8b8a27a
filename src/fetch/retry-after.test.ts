import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from './fetcher.ts';
import { HttpStatusError, retryAfterMsOf } from './fetch-errors.ts';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.ts';

const NOW = Date.UTC(2026, 10, 29, 22, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates, relative to now', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Sun, 29 Nov 2026 22:01:30 GMT', NOW)).toBe(90_000);
  });

  it('gives 0 for a past date, caps absurd waits, and null for nothing readable', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 21:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('99999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    for (const bad of [undefined, null, '', '-5', '1.5', 'soon']) {
      expect(parseRetryAfter(bad, NOW), String(bad)).toBeNull();
    }
  });
});

describe('the fetcher on 429 and 503', () => {
  let server: Server;
  let base: string;
  const fetcher = createFetcher({ allowList: ['127.0.0.1'] });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, status, retryAfter] = /^\/(\d+)(?:\/(.+))?$/.exec(req.url ?? '') ?? [];
      const headers =
        retryAfter === undefined ? {} : { 'retry-after': decodeURIComponent(retryAfter) };
      res.writeHead(Number(status), headers).end('busy');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise((resolve) => server.close(resolve));
  });

  async function errorOf(path: string): Promise<unknown> {
    return fetcher.fetch({ url: `${base}${path}` }).then(
      () => null,
      (error: unknown) => error,
    );
  }

  it('carries the Retry-After of a 429 and a 503 as retryAfterMs', async () => {
    const tooMany = await errorOf('/429/30');
    expect(tooMany).toBeInstanceOf(HttpStatusError);
    expect(tooMany).toMatchObject({ kind: 'http_status', status: 429, retryAfterMs: 30_000 });
    expect(retryAfterMsOf(await errorOf('/503/7'))).toBe(7_000);
  });

  it('has none without the header, or on a status where it means nothing', async () => {
    expect(retryAfterMsOf(await errorOf('/503'))).toBeNull();
    expect(retryAfterMsOf(await errorOf('/500/30'))).toBeNull();
  });
});
