import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TIME_ZONE, parseTimeZone } from './_time.ts';
import { BAD_GATEWAY, INTERNAL_ERROR, errorAnswer, type ErrorAnswer } from './_error-answer.ts';
import { HTML, HttpError, JSON_TYPE, cookieValue, matchesEtag, wantsJson } from './_http.ts';
import { isCompressible, responseEncoding } from './_compress.ts';
import { etagOf } from './page-cache.ts';
import { registeredRoutes, type RegisteredRoute } from './_route-list.ts';
import { errorPage } from './pages/error-page.ts';
import { statusErrorAnswer } from './_status-only.ts';
import type { PageConfig } from '../config/index.ts';

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
    const identityTag = (reply.getHeader('etag') as string | undefined) ?? etagOf(payload);
    const contentType = String(reply.getHeader('content-type') ?? '');
    // Each encoding's bytes are a different representation: a strong ETag names one of them.
    const encoding = responseEncoding(request, payload, contentType);
    const etag = encoding === null ? identityTag : identityTag.replace(/"$/, `-${encoding}"`);
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', CACHE_CONTROL);
    // Pages follow the time-zone cookie; a shared cache must keep one copy per cookie. And
    // one copy per encoding of whatever may be compressed, including the uncompressed one.
    const vary = [
      ...(wantsJson(request) ? [] : ['Cookie']),
      ...(isCompressible(payload, contentType) ? ['Accept-Encoding'] : []),
    ];
    if (vary.length > 0) reply.header('vary', vary.join(', '));
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}

/** Every error ends here: client mistakes get their status and message, never a 500. */
export function registerErrorHandlers(
  app: FastifyInstance,
  clock: () => number,
  ownPage?: PageConfig,
): void {
  // The API takes JSON bodies only: anything else (text/plain, which fastify would parse as a
  // string) is refused before parsing with 415, not validated into a misleading 400.
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    // Only requests that carry a body: a read with a stray Content-Type is still a read.
    const carriesBody =
      request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH';
    if (type !== undefined && carriesBody && wantsJson(request) && !JSON_BODY.test(type)) {
      done(new HttpError(415, 'unsupported_media_type', 'the API takes JSON bodies only'));
      return;
    }
    done();
  });
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { status, code, message } = classify(error);
    if (status >= 500) {
      request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    }
    return sendError(request, reply, { status, code, message }, clock(), ownPage);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A route that exists under other methods: 405 with the ones it takes, not "nothing here".
    const allowed = allowedMethods(registeredRoutes(app), path);
    // (A route that calls callNotFound for an unknown id takes this method: that stays a 404.)
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      const message = `${request.method} is not allowed at ${path}; it takes ${allowed.join(', ')}`;
      return sendError(
        request,
        reply,
        { status: 405, code: 'method_not_allowed', message },
        clock(),
        ownPage,
      );
    }
    return sendError(
      request,
      reply,
      { status: 404, code: 'not_found', message: `nothing at ${path}` },
      clock(),
      ownPage,
    );
  });
}

/**
 * For fastify's `frameworkErrors` option: errors met before any route or hook runs (a URL whose
 * percent-encoding is malformed) get the same answer shape as every other error.
 */
export function answerFrameworkError(clock: () => number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void sendError(request, reply, classify(error), clock());
  };
}

// --- internal ---

/** The methods (but OPTIONS) of the recorded routes whose pattern matches `path`. */
function allowedMethods(routes: readonly RegisteredRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    // CORS answers OPTIONS on every path (`*`): that says nothing about this one.
    if (route.method !== 'OPTIONS' && patternOf(route.url).test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment
            .split(/(:[\w-]+(?:\([^)]*\))?|\*)/)
            .map((part, i) =>
              i % 2 === 1
                ? part === '*'
                  ? '.*'
                  : '[^/]+'
                : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
            )
            .join(''),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

function classify(error: FastifyError): ErrorAnswer {
  const ours = errorAnswer(error, BAD_GATEWAY);
  if (ours !== null) return ours;
  // Fastify's own client errors (bad JSON, body too large, unsupported media type…), answered
  // with our named codes, never fastify's FST_ERR_… names.
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const named = FRAMEWORK_ERRORS[error.code];
    if (named !== undefined) return { ...named, message: named.message ?? error.message };
    return { status, code: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message };
  }
  return INTERNAL_ERROR;
}

const JSON_BODY = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

type Named = Omit<ErrorAnswer, 'message'> & { message?: string };

const FRAMEWORK_ERRORS: Partial<Record<string, Named>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'bad_request',
    message: 'invalid JSON body: it does not parse',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'bad_request',
    message: 'invalid JSON body: it is empty',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large' },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad_request',
    message: 'malformed percent-encoding in the URL',
  },
};

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  415: 'unsupported_media_type',
};

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  { status, code, message }: ErrorAnswer,
  now: number,
  ownPage?: PageConfig,
): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  const requestId = status >= 500 ? request.id : null;
  const own = ownPage === undefined ? null : statusErrorAnswer(ownPage, request.url, { status, code, message }); // prettier-ignore
  if (own !== null) return reply.type(own.type).send(own.body);
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
