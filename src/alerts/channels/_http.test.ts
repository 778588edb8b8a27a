import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender } from './_http.ts';

describe('the HTTP sender on a busy receiver', () => {
  let server: Server;
  let base: string;
  const http = createHttpSender({ allowList: ['127.0.0.1'], timeoutMs: 2_000 });

  beforeAll(async () => {
    // /<status>/<retry-after>: answers that status with that header.
    server = createServer((req, res) => {
      const [, status, retryAfter] = /^\/(\d+)(?:\/(\d+))?$/.exec(req.url ?? '') ?? [];
      res.writeHead(Number(status), retryAfter === undefined ? {} : { 'retry-after': retryAfter });
      res.end('slow down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports the Retry-After of a 429 and a 503', async () => {
    expect(await http.postJson(`${base}/429/90`, '{}', {})).toEqual({
      ok: false,
      code: 429,
      detail: 'slow down',
      retryAfterMs: 90_000,
    });
    expect((await http.postJson(`${base}/503/5`, '{}', {})).retryAfterMs).toBe(5_000);
  });

  it('reports none for other statuses or without the header', async () => {
    expect((await http.postJson(`${base}/500/90`, '{}', {})).retryAfterMs).toBeUndefined();
    expect((await http.postJson(`${base}/429`, '{}', {})).retryAfterMs).toBeUndefined();
  });
});
