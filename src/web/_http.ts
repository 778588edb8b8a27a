import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, parseTimeZone, type TimeContext } from './_time.ts';
import { rememberQueryNames, type CachedResponse } from './page-cache.ts';

/** An error that is the client's to fix (or a missing thing), answered with its own status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message);
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, 'bad_request', message);
}

/** Validates query parameters with a zod schema; the first problem becomes a 400. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  // The page cache keys on the parameters routes read, and learns them here.
  if (schema instanceof z.ZodObject) rememberQueryNames(Object.keys(schema.shape));
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  throw badRequest(`invalid query parameter ${where}${issue?.message ?? 'invalid'}`);
}

/**
 * A form's query, or what is wrong with it in plain words (for the page to show beside the
 * form, keeping what was typed, with status 400) instead of a bare error page.
 */
export function readForm<T extends z.ZodType>(
  schema: T,
  query: unknown,
): { ok: true; value: z.infer<T> } | { ok: false; message: string } {
  const result = schema.safeParse(query ?? {});
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  return { ok: false, message: plainMessage(field, issue?.message ?? 'invalid') };
}

/** The reader's zone from `?tz=` or the cookie, or null when `?tz=` is not a zone we know. */
export function timeZoneOrNull(request: FastifyRequest): string | null {
  try {
    return timeZoneOf(request);
  } catch {
    return null;
  }
}

function plainMessage(field: string, message: string): string {
  const label = FIELD_LABELS[field] ?? (field === '' ? 'The form' : `“${field}”`);
  if (/expected YYYY-MM-DD|not a valid date/.test(message)) {
    return `${label} is not a date. Use the date picker, or type it as 2024-01-31.`;
  }
  if (/since must not be after until/.test(message)) return '“From” is after “Until”.';
  if (/at most|too big|too long/i.test(message))
    return `${label} is too long (200 characters at most).`;
  if (/Invalid option|expected one of/i.test(message)) return `${label} is not one of the choices.`;
  if (/>=\s*1|too small/i.test(message)) return `${label} must be 1 or more.`;
  return `${label} is not valid: ${message}.`;
}

const FIELD_LABELS: Record<string, string> = {
  since: '“From”',
  until: '“Until”',
  q: 'The search',
  page: 'The page number',
  provider: 'The provider',
  impact: 'The impact',
  status: 'The status',
  kind: 'The kind',
};

/** The reader's time zone: `?tz=`, else the `tz` cookie, else UTC. A bad one is a 400. */
export function timeZoneOf(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.tz;
  if (fromQuery !== undefined) {
    const tz = typeof fromQuery === 'string' ? parseTimeZone(fromQuery) : null;
    if (tz === null) throw badRequest(`unknown time zone ${JSON.stringify(fromQuery)}`);
    return tz;
  }
  const fromCookie = cookieValue(request.headers.cookie, 'tz');
  // A stale cookie must not lock the reader out of every page: it falls back to UTC.
  return (fromCookie === null ? null : parseTimeZone(fromCookie)) ?? DEFAULT_TIME_ZONE;
}

export function timeContext(request: FastifyRequest, now: number): TimeContext {
  return { tz: timeZoneOf(request), now };
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Sends a prepared response; the onSend hook adds caching headers and answers 304. */
export function sendResponse(reply: FastifyReply, response: CachedResponse): FastifyReply {
  return reply.type(response.contentType).header('etag', response.etag).send(response.body);
}

/** Whether an If-None-Match header names this ETag (weak comparison, RFC 9110). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}

/** Errors under /api are JSON; everywhere else they are HTML pages. */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api';
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Request query for pagination: `page` from 1. */
export const pageParam = z.coerce.number().int().min(1).max(10_000).default(1);
