import { randomBytes } from 'node:crypto';
import { Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { FETCH_ERROR_KINDS } from '../domain/index.ts';
import type { ErrorKind, FetchErrorKind } from '../domain/index.ts';
import {
  gzipBomb,
  hangUp,
  htmlErrorPage,
  hugeBody,
  neverAnswers,
  redirectLoop,
  redirectTo,
  scriptRoute,
  slowDrip,
  startFakeVendor,
  staticRoute,
  status,
} from '../../test/fake-vendor.ts';
import type { FakeVendor, Route } from '../../test/fake-vendor.ts';
import { DEFAULT_USER_AGENT, createFetcher } from './fetcher.ts';
import type { Fetcher, FetcherOptions, FetchResult } from './fetcher.ts';

const JSON_BODY = JSON.stringify({
  page: { id: 'abc', name: 'Example' },
  filler: 'x'.repeat(4000),
});
const LOCAL_ONLY: FetcherOptions = { allowList: ['127.0.0.1'], connectTimeoutMs: 2_000 };

let vendor: FakeVendor;
let fetcher: Fetcher;
const extraFetchers: Fetcher[] = [];

beforeAll(async () => {
  vendor = await startFakeVendor();
  fetcher = createFetcher(LOCAL_ONLY);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(extraFetchers.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  await fetcher.close();
  await vendor.close();
});

function withOptions(options: FetcherOptions): Fetcher {
  const made = createFetcher({ ...LOCAL_ONLY, ...options });
  extraFetchers.push(made);
  return made;
}

function serve(path: string, route: Route): string {
  vendor.route(path, route);
  return `${vendor.url}${path}`;
}

function expectOk(result: FetchResult): Extract<FetchResult, { kind: 'ok' }> {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}`);
  return result;
}

async function failureOf(
  promise: Promise<unknown>,
): Promise<{ kind: FetchErrorKind; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isStatuswatchError(err) && isFetchErrorKind(err.kind)) {
      return { kind: err.kind, message: err.message };
    }
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

describe('successful fetches', () => {
  it('returns body, validators and content type of a 200', async () => {
    const url = serve('/plain', staticRoute(JSON_BODY, 'application/json', { compress: 'none' }));
    const result = expectOk(await fetcher.fetch({ url }));
    expect(result).toMatchObject({
      url,
      status: 200,
      body: JSON_BODY,
      contentType: 'application/json',
    });
    expect(result.etag).toMatch(/^".+"$/);
    expect(result.lastModified).not.toBeNull();
    expect(result.bytes).toBe(Buffer.byteLength(JSON_BODY));
    expect(vendor.lastRequest('/plain')?.['user-agent']).toBe(DEFAULT_USER_AGENT);
  });

  it('answers not_modified to a conditional GET with the ETag it was given', async () => {
    const url = serve('/conditional', staticRoute(JSON_BODY, 'application/json'));
    const first = expectOk(await fetcher.fetch({ url }));
    const second = await fetcher.fetch({ url, etag: first.etag });
    expect(second).toEqual({ kind: 'not_modified', url, status: 304 });
    expect(vendor.lastRequest('/conditional')?.['if-none-match']).toBe(first.etag);
  });

  it('sends If-Modified-Since from the previous Last-Modified', async () => {
    const lastModified = 'Mon, 01 Jan 2024 00:00:00 GMT';
    const url = serve('/since', staticRoute('{}', 'application/json', { lastModified }));
    const result = await fetcher.fetch({ url, lastModified });
    expect(result.kind).toBe('not_modified');
    expect(vendor.lastRequest('/since')?.['if-modified-since']).toBe(lastModified);
  });

  it.each(['gzip', 'br', 'deflate'] as const)('decodes a %s body', async (compress) => {
    const url = serve(
      `/coded-${compress}`,
      staticRoute(JSON_BODY, 'application/json', { compress }),
    );
    const result = expectOk(await fetcher.fetch({ url }));
    expect(result.body).toBe(JSON_BODY);
    expect(result.bytes).toBe(Buffer.byteLength(JSON_BODY));
    expect(vendor.lastRequest(`/coded-${compress}`)?.['accept-encoding']).toContain(compress);
  });

  it.each(['gzip', 'br'] as const)('decodes a chunked %s body as it streams', async (compress) => {
    const route = staticRoute(JSON_BODY.repeat(20), 'application/json', {
      compress,
      chunked: true,
    });
    const url = serve(`/chunked-${compress}`, route);
    const result = expectOk(await fetcher.fetch({ url }));
    expect(result.body).toBe(JSON_BODY.repeat(20));
  });

  it('decodes the charset named in Content-Type', async () => {
    const latin1 = Buffer.from('Störung behoben', 'latin1');
    const url = serve('/latin1', staticRoute(latin1, 'text/plain; charset=ISO-8859-1'));
    expect(expectOk(await fetcher.fetch({ url })).body).toBe('Störung behoben');
  });

  it('drops a UTF-8 byte-order mark, which JSON.parse would choke on', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]);
    const url = serve('/bom', staticRoute(withBom, 'application/json', { compress: 'none' }));
    expect(JSON.parse(expectOk(await fetcher.fetch({ url })).body)).toEqual({ a: 'é' });
  });

  it('follows redirects and reports the final URL', async () => {
    const target = serve('/moved-here', staticRoute('{"ok":true}', 'application/json'));
    const url = serve('/old', redirectTo('/moved-here', 301));
    const result = expectOk(await fetcher.fetch({ url }));
    expect(result).toMatchObject({ url: target, body: '{"ok":true}' });
  });

  it('does not wait for the body of a redirect that drips', async () => {
    const target = serve('/after-drip', staticRoute('{}', 'application/json'));
    const url = serve('/dripping-redirect', {
      serve: (_req, res) => {
        res.writeHead(302, { location: '/after-drip' });
        const timer = setInterval(() => res.write(' '), 20);
        res.on('close', () => {
          clearInterval(timer);
        });
      },
    });
    // The redirect's body never ends (and never stalls): had the fetcher read it, this would
    // fail with a timeout or never return, not arrive at the target.
    expect(expectOk(await fetcher.fetch({ url })).url).toBe(target);
  });

  it('returns a 200 HTML error page as it is: judging the payload is the source’s job', async () => {
    const url = serve('/cdn-200', htmlErrorPage(200));
    const result = expectOk(await fetcher.fetch({ url }));
    expect(result.contentType).toContain('text/html');
  });

  it('opens no more connections to one host than perHostConcurrency', async () => {
    let open = 0;
    let peak = 0;
    const held: Route = {
      serve: (_req, res) => {
        open += 1;
        peak = Math.max(peak, open);
        setTimeout(() => {
          open -= 1;
          res.end('{}');
        }, 30);
      },
    };
    const url = serve('/held', held);
    const limited = withOptions({ perHostConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => limited.fetch({ url })));
    expect(peak).toBe(2);
  });

  it('serves a scripted lifecycle step by step', async () => {
    const steps = ['investigating', 'resolved'].map((s) => ({
      body: JSON.stringify({ status: s }),
      contentType: 'application/json',
    }));
    const url = serve('/script', scriptRoute(steps));
    const first = expectOk(await fetcher.fetch({ url }));
    const second = expectOk(await fetcher.fetch({ url, etag: first.etag }));
    expect([first.body, second.body]).toEqual([
      '{"status":"investigating"}',
      '{"status":"resolved"}',
    ]);
  });
});

describe('limits', () => {
  const small = { maxBodyBytes: 1024 * 1024 };

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const url = serve('/huge-declared', hugeBody(3, { declareLength: true }));
    const failure = await failureOf(withOptions(small).fetch({ url }));
    expect(failure.kind).toBe('too_large');
    expect(failure.message).toContain('Content-Length');
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    const url = serve('/huge-chunked', hugeBody(3));
    const failure = await failureOf(withOptions(small).fetch({ url }));
    expect(failure.kind).toBe('too_large');
    expect(failure.message).toContain('while reading');
  });

  it.each([false, true])(
    'refuses a gzip bomb by its decoded size (chunked: %s)',
    async (chunked) => {
      const url = serve(`/bomb-${chunked}`, gzipBomb(64, { chunked }));
      const failure = await failureOf(withOptions(small).fetch({ url }));
      expect(failure.kind).toBe('too_large');
      expect(failure.message).toContain('after decompression');
    },
  );

  it('refuses a chunked compressed stream that is too large even before decoding', async () => {
    const noise = randomBytes(3 * 1024 * 1024); // incompressible, so the wire count trips first
    const route = staticRoute(noise, 'application/json', { compress: 'gzip', chunked: true });
    const failure = await failureOf(withOptions(small).fetch({ url: serve('/noise', route) }));
    expect(failure.kind).toBe('too_large');
    expect(failure.message).toContain('before decompression');
  });

  it('gives up on a body that drips slower than the body deadline', async () => {
    const url = serve('/drip', slowDrip(20));
    const failure = await failureOf(withOptions({ bodyTimeoutMs: 300 }).fetch({ url }));
    expect(failure.kind).toBe('timeout');
    // The body deadline's own message: that deadline, not another timer, ended the read.
    expect(failure.message).toContain('body not complete after 300 ms');
  });

  it('gives up on a dripping body even when its length was declared', async () => {
    const url = serve('/drip-declared', {
      serve: (_req, res) => {
        res.writeHead(200, { 'content-length': 1000 });
        const timer = setInterval(() => res.write(' '), 20);
        res.on('close', () => {
          clearInterval(timer);
        });
      },
    });
    const failure = await failureOf(withOptions({ bodyTimeoutMs: 300 }).fetch({ url }));
    expect(failure.kind).toBe('timeout');
    // The body deadline's own message: that deadline, not another timer, ended the read.
    expect(failure.message).toContain('body not complete after 300 ms');
  });

  it('gives up on a server that never sends headers', async () => {
    const url = serve('/silent', neverAnswers());
    const started = Date.now();
    const failure = await failureOf(withOptions({ headersTimeoutMs: 300 }).fetch({ url }));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toContain('headers');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a redirect loop after maxRedirects hops', async () => {
    const url = serve('/loop', redirectLoop());
    const failure = await failureOf(withOptions({ maxRedirects: 3 }).fetch({ url }));
    expect(failure.kind).toBe('redirect_loop');
    expect(vendor.hits('/loop')).toBe(4);
  });
});

describe('failures', () => {
  it('reports an error status with URL, code and reason', async () => {
    const url = serve('/down', status(503));
    const failure = await failureOf(fetcher.fetch({ url }));
    expect(failure).toEqual({
      kind: 'http_status',
      message: `GET ${url} answered 503 Service Unavailable`,
    });
  });

  it('reports a refused connection as connect', async () => {
    const port = await closedPort();
    const failure = await failureOf(fetcher.fetch({ url: `http://127.0.0.1:${port}/` }));
    expect(failure.kind).toBe('connect');
    expect(failure.message).toContain('refused');
  });

  it('reports a server hanging up mid-request as connect', async () => {
    const url = serve('/hang-up', hangUp());
    expect((await failureOf(fetcher.fetch({ url }))).kind).toBe('connect');
  });

  it('reports an unknown host as dns', async () => {
    const failure = await failureOf(fetcher.fetch({ url: 'http://does-not-exist.invalid/' }));
    expect(failure.kind).toBe('dns');
  });

  it.each(['ftp://x', 'not a url', 'file:///etc/passwd'])('refuses %s as bad_url', async (url) => {
    expect((await failureOf(fetcher.fetch({ url }))).kind).toBe('bad_url');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const url = serve('/to-ftp', redirectTo('ftp://files.example/'));
    expect((await failureOf(fetcher.fetch({ url }))).kind).toBe('bad_url');
  });

  it('reports a corrupt gzip body as parse', async () => {
    const url = serve('/corrupt', {
      serve: (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
      },
    });
    const failure = await failureOf(fetcher.fetch({ url }));
    expect(failure.kind).toBe('parse');
    expect(failure.message).toContain('corrupt');
  });

  it('refuses to fetch once closed', async () => {
    const closed = createFetcher(LOCAL_ONLY);
    await closed.close();
    await expect(closed.fetch({ url: vendor.url })).rejects.toThrow('closed');
  });
});

describe('address guard in the fetcher', () => {
  it('refuses private literal addresses before connecting', async () => {
    const path = '/never-reached';
    const connect = trapConnections();
    const guarded = withOptions({ allowList: [] });
    const port = new URL(vendor.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      '10.1.2.3',
      '169.254.169.254',
      '[::1]',
      '[::ffff:127.0.0.1]',
    ]) {
      const failure = await failureOf(guarded.fetch({ url: `http://${host}${path}` }));
      expect(failure.kind, host).toBe('blocked_address');
    }
    expect(connect).not.toHaveBeenCalled();
    expect(vendor.hits(path)).toBe(0);
  });

  it('refuses a name that resolves to loopback, unless the allow-list names the address', async () => {
    const url = `http://localhost:${new URL(vendor.url).port}/by-name`;
    vendor.route('/by-name', staticRoute('{}', 'application/json'));
    const refused = await failureOf(withOptions({ allowList: [] }).fetch({ url }));
    expect(refused.kind).toBe('blocked_address');
    expect(refused.message).toContain('localhost');
    expect(vendor.hits('/by-name')).toBe(0);

    expect(expectOk(await withOptions({ allowList: ['127.0.0.1'] }).fetch({ url })).body).toBe(
      '{}',
    );
    expect(vendor.hits('/by-name')).toBe(1);
  });

  it('refuses a redirect from an allowed host to a blocked address without contacting it', async () => {
    const url = serve('/to-metadata', redirectTo('http://169.254.169.254/latest/meta-data/'));
    const connect = trapConnections();
    const failure = await failureOf(fetcher.fetch({ url }));
    expect(failure.kind).toBe('blocked_address');
    expect(failure.message).toContain('169.254.169.254');
    const attempts = connect.mock.calls.map((call) => JSON.stringify(call));
    expect(attempts.filter((a) => a.includes('169.254'))).toEqual([]);
  });
});

// --- internal ---

/**
 * Spies on every socket connect and lets only loopback ones through, so that even a broken guard
 * sends no traffic to the private addresses these tests name.
 */
function trapConnections() {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound by Reflect.apply below
  const original = Socket.prototype.connect;
  return vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (
    this: Socket,
    ...args: unknown[]
  ) {
    const described = JSON.stringify(args);
    if (!/"host":"(127\.0\.0\.1|localhost|::1)"/.test(described)) {
      throw new Error(`test refused a non-loopback connection: ${described}`);
    }
    return Reflect.apply(original, this, args) as Socket;
  });
}

function isFetchErrorKind(kind: ErrorKind): kind is FetchErrorKind {
  return (FETCH_ERROR_KINDS as readonly string[]).includes(kind);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
