import compress from '@fastify/compress';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { PageCache } from './page-cache.ts';

export type Encoding = 'br' | 'gzip';
/** Compresses a body for one encoding (injected in tests to count the calls). */
export type Compressor = (body: Buffer, encoding: Encoding) => Buffer;

const THRESHOLD = 1024;
// Brotli at quality 4: close to gzip's speed for what is not cached; cached pages pay once.
const BROTLI_QUALITY = 4;

export const compressBody: Compressor = (body, encoding) =>
  encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body);

export interface CompressionOptions {
  /** Cached responses are compressed once per encoding, the copy kept with the entry. */
  cache?: PageCache;
  compress?: Compressor;
}

/**
 * Brotli or gzip for responses over 1 KB (pages, JSON, feeds). A body that is a page-cache
 * entry's, sent as cached, gets the entry's compressed copy (made on first use, kept and
 * dropped with the entry): compressing took 2–14 ms a request. Anything else (an archive-mode
 * page whose footer was rewritten, static files, errors) is compressed per request by
 * @fastify/compress, which passes a body that already has a Content-Encoding. Registered after
 * the caching hooks, so a 304 (no body) is never compressed.
 */
export function registerCompression(app: FastifyInstance, options: CompressionOptions = {}): void {
  const { cache } = options;
  const compressor = options.compress ?? compressBody;
  if (cache !== undefined) {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!Buffer.isBuffer(payload) || reply.statusCode !== 200) return payload;
      if (payload.length < THRESHOLD || request.headers['x-no-compression'] !== undefined) {
        return payload;
      }
      const encoding = negotiateEncoding(request.headers['accept-encoding']);
      if (encoding === null) return payload;
      const copy = cache.compressedCopy(payload, encoding, () => compressor(payload, encoding));
      if (copy === null) return payload;
      // The ETag hook has named Accept-Encoding already where it runs; this hook alone must too.
      const vary = reply.getHeader('vary');
      if (typeof vary !== 'string') reply.header('vary', 'Accept-Encoding');
      else if (!/\baccept-encoding\b/i.test(vary)) reply.header('vary', `${vary}, Accept-Encoding`);
      reply.header('content-encoding', encoding);
      reply.header('content-length', copy.length);
      return copy;
    });
  }
  void app.register(compress, {
    threshold: THRESHOLD,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}

/** Whether a body of this type and size is sent compressed to a client that accepts it. */
export function isCompressible(body: Buffer | string, contentType: string): boolean {
  return Buffer.byteLength(body) >= THRESHOLD && COMPRESSIBLE_TYPE.test(contentType);
}

/**
 * The encoding a response will be sent in (null: as is), decided as the hooks below and
 * @fastify/compress decide it, so the ETag hook can tag each encoding's bytes apart.
 */
export function responseEncoding(
  request: FastifyRequest,
  body: Buffer | string,
  contentType: string,
): Encoding | null {
  if (!isCompressible(body, contentType)) return null;
  if (request.headers['x-no-compression'] !== undefined) return null;
  return negotiateEncoding(request.headers['accept-encoding']);
}

// Text, JSON, XML (feeds, SVG) and scripts: what mime-db marks compressible among our types.
const COMPRESSIBLE_TYPE =
  /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml)\b|image\/svg\+xml|application\/javascript)/i;

/**
 * The encoding an Accept-Encoding header prefers among ours: highest q above 0, brotli on a
 * tie, `*` for one not named, `x-gzip` as gzip; null when none, or when identity is preferred.
 */
export function negotiateEncoding(header: string | undefined): Encoding | null {
  if (header === undefined) return null;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [token = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  let best: Encoding | null = null;
  for (const encoding of ['br', 'gzip'] as const) {
    if (weightOf(encoding) > (best === null ? 0 : weightOf(best))) best = encoding;
  }
  if (best !== null && (weights.get('identity') ?? 0) > weightOf(best)) return null;
  return best;
}
