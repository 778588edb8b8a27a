import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import { createAddressGuard } from './address-guard.ts';
import type { AddressGuard } from './address-guard.ts';
import { readBody } from './_read-body.ts';
import { createOriginPools } from './origin-pools.ts';
import { httpStatusError, redirectLoop, toFetchError, tooLarge } from './fetch-errors.ts';
import { parseRetryAfter, RETRY_AFTER_STATUSES } from './retry-after.ts';

export const DEFAULT_USER_AGENT = 'statuswatch/0.1 (+https://github.com/statuswatch/statuswatch)';

export interface FetcherOptions {
  /** Sent on every request; vendors should be able to tell who polls them. */
  userAgent?: string;
  /** Time allowed for DNS lookup plus TCP (and TLS) connect. Default 5000. */
  connectTimeoutMs?: number;
  /** Time allowed from sending the request to receiving all response headers. Default 10000. */
  headersTimeoutMs?: number;
  /** Time allowed to read the whole body, from the headers on: a deadline, not an idle timer,
   *  so a server dripping one byte at a time cannot hold a poller forever. Default 15000. */
  bodyTimeoutMs?: number;
  /** Largest body accepted, counted on the wire and again after decompression. Default 5 MB. */
  maxBodyBytes?: number;
  /** Redirects followed before giving up with `redirect_loop`. Default 5. */
  maxRedirects?: number;
  /** Connections kept open to one origin; more requests queue. Default 4. */
  perHostConcurrency?: number;
  /** Allow loopback, private and link-local addresses. Default false. */
  allowPrivateNetworks?: boolean;
  /** Hosts, IPs or CIDRs allowed even when private, e.g. '127.0.0.1'. */
  allowList?: string[];
}

export interface FetchRequest {
  url: string;
  /** ETag from the previous 200 answer, sent as If-None-Match. */
  etag?: string | null;
  /** Last-Modified from the previous 200 answer, sent as If-Modified-Since. */
  lastModified?: string | null;
  /** Accept header; default `*\/*`. */
  accept?: string;
  /** Abandons the request (e.g. a caller's overall deadline ran out). */
  signal?: AbortSignal;
}

export type FetchResult =
  | { kind: 'not_modified'; url: string; status: 304 }
  | {
      kind: 'ok';
      /** The final URL, after redirects. */
      url: string;
      status: number;
      body: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** Size of the body after decompression. */
      bytes: number;
    };

export interface Fetcher {
  /** GETs a vendor page; throws StatuswatchError with a fetch kind on any failure. */
  fetch(req: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const settings = resolveSettings(options);
  const guard = createAddressGuard(settings);
  const connect = guard.connector(settings.connectTimeoutMs);
  // One pool per origin keeps connections alive between polls and caps load on each vendor.
  const pools = createOriginPools({
    connections: settings.perHostConcurrency,
    connect,
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
  });
  let closed = false;

  return {
    fetch(req) {
      if (closed) return Promise.reject(new Error('fetcher is closed'));
      return fetchFollowingRedirects(
        { settings, guard, poolFor: (origin) => pools.poolFor(origin) },
        req,
      );
    },
    async close() {
      closed = true;
      await pools.close();
    },
  };
}

// --- internal ---

type Settings = Required<Omit<FetcherOptions, 'allowList'>> & { allowList: readonly string[] };

interface Context {
  settings: Settings;
  guard: AddressGuard;
  poolFor(origin: string): Pool;
}

type Response = Dispatcher.ResponseData;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** A redirect's body is only read to keep the connection; a dripping one is cut off. */
const REDIRECT_BODY_GRACE_MS = 1_000;

function resolveSettings(options: FetcherOptions): Settings {
  return {
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 15_000,
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    perHostConcurrency: options.perHostConcurrency ?? 4,
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    allowList: options.allowList ?? [],
  };
}

async function fetchFollowingRedirects(ctx: Context, req: FetchRequest): Promise<FetchResult> {
  // Every hop goes through checkUrl: a public page may redirect to 169.254.169.254.
  let url = ctx.guard.checkUrl(req.url);
  for (let hop = 0; ; hop++) {
    try {
      const response = await requestOnce(ctx, url, req);
      const location = redirectLocation(response);
      if (location === null) return await readResponse(ctx, url.href, response);
      await discard(response, AbortSignal.timeout(REDIRECT_BODY_GRACE_MS));
      if (hop >= ctx.settings.maxRedirects) throw redirectLoop(req.url, ctx.settings.maxRedirects);
      url = ctx.guard.checkUrl(new URL(location, url).href);
    } catch (err) {
      throw toFetchError(err, url.href);
    }
  }
}

function requestOnce(ctx: Context, url: URL, req: FetchRequest): Promise<Response> {
  const headers: Record<string, string> = {
    'user-agent': ctx.settings.userAgent,
    accept: req.accept ?? '*/*',
    'accept-encoding': 'gzip, br, deflate',
  };
  if (req.etag != null) headers['if-none-match'] = req.etag;
  if (req.lastModified != null) headers['if-modified-since'] = req.lastModified;
  return ctx.poolFor(url.origin).request({
    path: url.pathname + url.search,
    method: 'GET',
    headers,
    ...(req.signal !== undefined ? { signal: req.signal } : {}),
  });
}

function redirectLocation(response: Response): string | null {
  if (!REDIRECT_STATUSES.has(response.statusCode)) return null;
  return header(response.headers, 'location');
}

async function readResponse(ctx: Context, url: string, response: Response): Promise<FetchResult> {
  const { statusCode: status, headers } = response;
  if (status === 304) {
    await discard(response);
    return { kind: 'not_modified', url, status };
  }
  if (status < 200 || status >= 300) {
    abandon(response.body);
    const retryAfter = RETRY_AFTER_STATUSES.has(status)
      ? parseRetryAfter(header(headers, 'retry-after'), Date.now())
      : null;
    throw httpStatusError(url, status, retryAfter);
  }
  const limit = ctx.settings.maxBodyBytes;
  const declared = Number(header(headers, 'content-length') ?? NaN);
  if (declared > limit) {
    abandon(response.body);
    throw tooLarge(url, limit, `Content-Length says ${declared} bytes`);
  }
  const framing = {
    contentEncoding: header(headers, 'content-encoding'),
    contentLength: header(headers, 'content-length'),
  };
  const bytes = await readBody(response.body, framing, {
    url,
    limit,
    timeoutMs: ctx.settings.bodyTimeoutMs,
  });
  const contentType = header(headers, 'content-type');
  return {
    kind: 'ok',
    url,
    status,
    body: decodeText(bytes, contentType),
    contentType,
    etag: header(headers, 'etag'),
    lastModified: header(headers, 'last-modified'),
    bytes: bytes.length,
  };
}

/** Drops a body unread; undici reports that as an AbortError, which nobody needs to hear. */
function abandon(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Empties a body we do not need, so the connection can be reused; failures do not matter. */
async function discard(response: Response, signal?: AbortSignal): Promise<void> {
  try {
    await response.body.dump(signal === undefined ? undefined : { limit: 64 * 1024, signal });
  } catch {
    // The answer was already decided; a broken connection is undici's to clean up.
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** Charset from Content-Type, else from an XML declaration, else UTF-8 (what JSON requires). */
function decodeText(bytes: Buffer, contentType: string | null): string {
  const charset = charsetOf(contentType) ?? xmlDeclaredEncoding(bytes);
  if (charset === null || charset === 'utf-8' || charset === 'utf8') {
    // Buffer#toString is the fastest UTF-8 decoder in Node but keeps a byte-order mark.
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return bytes.toString('utf8', hasBom ? 3 : 0);
  }
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function charsetOf(contentType: string | null): string | null {
  const match = contentType === null ? null : /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase() ?? null;
}

function xmlDeclaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 200).toString('latin1');
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}
