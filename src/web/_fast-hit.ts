import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Holder, PageCache } from './page-cache.ts';

/**
 * Cache hits answered in one early hook. A page-cache hit still ran the route and every hook
 * (CORS, ETag, Vary, security headers, compression) to produce, each time, the same status,
 * headers and bytes: most of a hit's CPU. So the first time a request variant is answered from a
 * kept entry, the answer exactly as sent is kept with that entry (`PageCache.keepAnswer`); the
 * next request of that variant gets it replayed, with its own request id, and nothing else runs.
 * The replay holds no rule of its own: each header is still decided by its hook, once per entry
 * and variant. It ends with the entry (a notice, expiry, eviction), after which the next
 * request takes the full path again and keeps a new answer.
 *
 * A variant is the method, the URL, and every request header a hook or cached route reads:
 * Host (feeds' links), Cookie (the reader's zone), Accept-Encoding and X-No-Compression (the
 * encoding), Origin (CORS) and If-None-Match (200 or 304). Gates that may refuse a request
 * (Host check, the /status-only gate, the API's 415) are registered before this hook, so they
 * still run first; the write guard lets every GET and HEAD through, so skipping it changes
 * nothing.
 */
export function registerFastHits(app: FastifyInstance, cache: PageCache): void {
  app.addHook('onRequest', (request, reply, done) => {
    const method = request.method;
    const answer =
      method === 'GET' || method === 'HEAD' ? cache.keptAnswer(variantOf(request)) : null;
    if (answer === null) {
      done();
      return;
    }
    reply.hijack();
    const headers = { ...answer.headers, 'x-request-id': request.id };
    reply.raw.writeHead(answer.status, headers);
    // Node writes no body for HEAD itself; a 304 has none.
    reply.raw.end(answer.payload);
  });
}

/**
 * Notes which responses are a kept entry's bytes as the route sent them, before the ETag hook
 * (which may turn them into a 304 with no body). Register before `registerHooks`, after the
 * archive line (a page whose footer it rewrote is no kept entry's bytes, so never replayed).
 */
export function registerFastHitSource(app: FastifyInstance, cache: PageCache): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (Buffer.isBuffer(payload)) {
      const holder = cache.holderOf(payload);
      if (holder !== null) sources.set(request, holder);
    }
    return payload;
  });
}

/**
 * Keeps the answer of a request answered from a kept entry, once it is sent: its final headers
 * (after every hook, @fastify/compress's route hook included) and bytes. Register after
 * `registerCompression`.
 */
export function registerFastHitRecorder(app: FastifyInstance, cache: PageCache): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const holder = sources.get(request);
    if (holder === undefined) return payload;
    const status = reply.statusCode;
    const sent =
      status === 200 && Buffer.isBuffer(payload) && cache.holderOf(payload) === holder
        ? payload
        : status === 304 && payload === ''
          ? ''
          : null;
    if (sent === null) return payload;
    const variant = variantOf(request);
    reply.raw.once('finish', () => {
      keep(cache, holder, variant, reply, sent);
    });
    return payload;
  });
}

// --- internal ---

/** Requests whose route sent a kept entry's bytes, until their response is sent. */
const sources = new WeakMap<FastifyRequest, Holder>();

function keep(
  cache: PageCache,
  holder: Holder,
  variant: string,
  reply: FastifyReply,
  payload: Buffer | '',
): void {
  const headers = reply.getHeaders();
  // A later hook re-encoded the bytes (its own negotiation): what was sent is not `payload`.
  if (payload !== '' && String(headers['content-length']) !== String(payload.length)) return;
  const kept: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) kept[name] = value;
  cache.keepAnswer(holder, variant, { status: reply.statusCode, headers: kept, payload });
}

function variantOf(request: FastifyRequest): string {
  const h = request.headers;
  return [
    request.method,
    request.url,
    h.host,
    h.cookie,
    h['accept-encoding'],
    h['x-no-compression'] === undefined ? '' : 'x',
    h.origin,
    h['if-none-match'],
  ].join('\n');
}
