/** Well-behaved routes of the fake vendor: fixed bodies, fixtures and scripted lifecycles. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** Anything that can answer a request; write your own for one-off behaviours. */
export interface Route {
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export type Compression = 'gzip' | 'br' | 'deflate' | 'none';

export interface StaticOptions {
  /** Coding used when the client's Accept-Encoding allows it. Default gzip. */
  compress?: Compression;
  /** Last-Modified sent, and compared with If-Modified-Since. Default: the creation time. */
  lastModified?: string;
  /** Send without Content-Length, in 16 KB chunks, as many CDNs do. Default false. */
  chunked?: boolean;
}

/** A fixed body with a strong ETag; answers 304 to a matching If-None-Match. */
export function staticRoute(
  body: string | Buffer,
  contentType: string,
  options: StaticOptions = {},
): Route {
  const prepared = prepareBody(body, contentType, options);
  return { serve: (req, res) => serveStatic(prepared, req, res) };
}

/** A file under test/fixtures (or an absolute path) served as a static route. */
export function fixtureRoute(path: string, contentType: string, options?: StaticOptions): Route {
  const file = isAbsolute(path) ? path : join(FIXTURES_DIR, path);
  return staticRoute(readFileSync(file), contentType, options);
}

export interface ScriptStep {
  body: string | Buffer;
  contentType: string;
}

export interface ScriptRoute extends Route {
  /** Moves to the next body (stays on the last one). */
  advance(): void;
  /** Index of the body served next. */
  readonly step: number;
}

/**
 * Bodies served in order, for lifecycles (investigating → … → resolved). With `autoAdvance`
 * (default) every 200 answer moves on one step; 304s do not, since the client saw nothing new.
 */
export function scriptRoute(
  steps: readonly ScriptStep[],
  options: StaticOptions & { autoAdvance?: boolean } = {},
): ScriptRoute {
  if (steps.length === 0) throw new Error('scriptRoute needs at least one step');
  const prepared = steps.map((s) => prepareBody(s.body, s.contentType, options));
  const autoAdvance = options.autoAdvance ?? true;
  let index = 0;
  const route: ScriptRoute = {
    advance: () => {
      index = Math.min(index + 1, prepared.length - 1);
    },
    get step() {
      return index;
    },
    serve: (req, res) => {
      const current = prepared[index] ?? prepared[prepared.length - 1];
      if (current !== undefined && serveStatic(current, req, res) === 200 && autoAdvance) {
        route.advance();
      }
    },
  };
  return route;
}

/** Wraps a function as a Route. */
export function handler(serve: Route['serve']): Route {
  return { serve };
}

// --- internal ---

interface PreparedBody {
  raw: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
  compress: Compression;
  chunked: boolean;
  encoded: Buffer | null;
}

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

function prepareBody(
  body: string | Buffer,
  contentType: string,
  options: StaticOptions,
): PreparedBody {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    raw,
    contentType,
    etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
    lastModified: options.lastModified ?? new Date().toUTCString(),
    compress: options.compress ?? 'gzip',
    chunked: options.chunked ?? false,
    encoded: null,
  };
}

/** Answers 304 or 200 and returns which, so scripts know whether the client saw a body. */
function serveStatic(body: PreparedBody, req: IncomingMessage, res: ServerResponse): 200 | 304 {
  if (isNotModified(body, req.headers)) {
    res.writeHead(304, { etag: body.etag, 'last-modified': body.lastModified }).end();
    return 304;
  }
  const coding = body.compress !== 'none' && accepts(req.headers, body.compress);
  const bytes = coding ? encodedCopy(body) : body.raw;
  const headers: Record<string, string | number> = {
    'content-type': body.contentType,
    etag: body.etag,
    'last-modified': body.lastModified,
    vary: 'accept-encoding',
  };
  if (coding) headers['content-encoding'] = body.compress;
  if (body.chunked) {
    res.writeHead(200, headers);
    writeInChunks(res, bytes);
  } else {
    headers['content-length'] = bytes.length;
    res.writeHead(200, headers).end(bytes);
  }
  return 200;
}

function isNotModified(body: PreparedBody, headers: IncomingHttpHeaders): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(body.etag);
  }
  const since = headers['if-modified-since'];
  return since !== undefined && Date.parse(since) >= Date.parse(body.lastModified);
}

function accepts(headers: IncomingHttpHeaders, coding: Compression): boolean {
  const accepted = headers['accept-encoding'];
  if (accepted === undefined) return false;
  return accepted.split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (name === coding || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function encodedCopy(body: PreparedBody): Buffer {
  if (body.encoded === null) {
    if (body.compress === 'gzip') body.encoded = gzipSync(body.raw);
    else if (body.compress === 'br') body.encoded = brotliCompressSync(body.raw);
    else body.encoded = deflateSync(body.raw);
  }
  return body.encoded;
}

/** Several writes, so the client sees a chunked body arrive in pieces. */
export function writeInChunks(res: ServerResponse, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; at += 16 * 1024)
    res.write(bytes.subarray(at, at + 16 * 1024));
  res.end();
}
