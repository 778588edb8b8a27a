import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TIME_ZONE, parseTimeZone } from './_time.ts';
import { BAD_GATEWAY, INTERNAL_ERROR, errorAnswer, type ErrorAnswer } from './_error-answer.ts';
import { HTML, JSON_TYPE, cookieValue, matchesEtag, wantsJson } from './_http.ts';
import { etagOf } from './page-cache.ts';
import { errorPage } from './pages/error-page.ts';

export const CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

/**
 * No inline script anywhere, so a vendor body that slipped past both sanitizers still cannot
 * run: the browser refuses it. Styles come from our stylesheet only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on everything; ETag, Cache-Control and 304 on every successful GET. */
export function registerHooks(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-request-id', request.id);
    const method = request.method;
    if ((method !== 'GET' && method !== 'HEAD') || reply.statusCode !== 200) {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = (reply.getHeader('etag') as string | undefined) ?? etagOf(payload);
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', CACHE_CONTROL);
    // Pages follow the time-zone cookie; a shared cache must keep one copy per cookie.
    if (!wantsJson(request)) reply.header('vary', 'Cookie');
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}

/** Every error ends here: client mistakes get their status and message, never a 500. */
export function registerErrorHandlers(app: FastifyInstance, clock: () => number): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { status, code, message } = classify(error);
    if (status >= 500) {
      request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    }
    return sendError(request, reply, { status, code, message }, clock());
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      request,
      reply,
      { status: 404, code: 'not_found', message: `nothing at ${request.url.split('?')[0] ?? ''}` },
      clock(),
    ),
  );
}

// --- internal ---

function classify(error: FastifyError): ErrorAnswer {
  const ours = errorAnswer(error, BAD_GATEWAY);
  if (ours !== null) return ours;
  // Fastify's own client errors (bad JSON, body too large, unsupported media type…).
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: error.code.toLowerCase(), message: error.message };
  }
  return INTERNAL_ERROR;
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  { status, code, message }: ErrorAnswer,
  now: number,
): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  const requestId = status >= 500 ? request.id : null;
  if (wantsJson(request)) {
    const error = requestId === null ? { code, message } : { code, message, requestId };
    return reply.type(JSON_TYPE).send(JSON.stringify({ error }));
  }
  // The error page must render even when the zone the request asked for is the error.
  const cookie = cookieValue(request.headers.cookie, 'tz');
  const tz = (cookie === null ? null : parseTimeZone(cookie)) ?? DEFAULT_TIME_ZONE;
  const ctx = { time: { tz, now }, path: '/' };
  return reply.type(HTML).send(errorPage(status, message, ctx, requestId));
}
