import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './_http.ts';
import { normalizedOrigin, ownOrigin } from './_host-check.ts';
import { PUBLIC_SUBSCRIBER_POSTS } from './pages/own-page-subscribe.ts';

export interface WriteAccess {
  /** The shared secret for changes (`apiToken`, `STATUSWATCH_API_TOKEN`); null when unset. */
  token: string | null;
  /**
   * Whether changes need no token: true only when the server listens on loopback, so that
   * only people on the machine itself can reach it. Behind a reverse proxy, set a token.
   */
  openWithoutToken: boolean;
}

/**
 * Reading a preference is not a change anyone else sees; the own page's subscribe, confirm and
 * unsubscribe are the public's own (double opt-in and rate limits guard them instead).
 */
const ALWAYS_ALLOWED = new Set<string>(['/preferences/time-zone', ...PUBLIC_SUBSCRIBER_POSTS]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Guards every request that changes something (adding a vendor, alert subscriptions): with a
 * token configured it must come as `Authorization: Bearer <token>` or, from the HTML form, as
 * the `api_token` field; without one, changes are allowed only on a loopback-only server.
 */
export function registerWriteAccess(app: FastifyInstance, access: WriteAccess): void {
  app.addHook('preHandler', (request, _reply, done) => {
    try {
      check(request, access);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

/**
 * For what only operators should read (`/metrics`): with a token, the token; without one, only
 * a loopback-only server answers, as for changes.
 */
export function checkOperatorAccess(request: FastifyRequest, access: WriteAccess): void {
  if (access.token !== null) {
    if (sameSecret(presentedToken(request), access.token)) return;
    throw new HttpError(401, 'unauthorized', 'this needs the API token (Authorization: Bearer …)');
  }
  if (!access.openWithoutToken) {
    throw new HttpError(
      403,
      'forbidden',
      'refused on a server reachable from the network without an API token: set apiToken',
    );
  }
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

// --- internal ---

function check(request: FastifyRequest, access: WriteAccess): void {
  if (SAFE_METHODS.has(request.method) || ALWAYS_ALLOWED.has(request.url.split('?')[0] ?? '')) {
    return;
  }
  if (access.token !== null) {
    if (!sameSecret(presentedToken(request), access.token)) {
      throw new HttpError(
        401,
        'unauthorized',
        'this change needs the API token (Authorization: Bearer …)',
      );
    }
    // A browser sends Basic credentials by itself, with any site's form: only our own pages.
    if (viaBasic(request)) refuseOtherOrigins(request);
    return;
  }
  refuseOtherOrigins(request);
  if (!access.openWithoutToken) {
    throw new HttpError(
      403,
      'forbidden',
      'changes are refused on a server reachable from the network without an API token: set apiToken (STATUSWATCH_API_TOKEN)',
    );
  }
}

/**
 * Open without a token means "anyone on this machine", not "any page a local browser visits".
 * A browser names the page that sent a change (Origin, Sec-Fetch-Site): it must be this very
 * origin; another port on localhost is "same-site" and refused too. A client that names no page
 * at all (curl, scripts) is not a browser, so no page can be speaking through it.
 */
function refuseOtherOrigins(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const refuse = (why: string): never => {
    throw new HttpError(
      403,
      'forbidden',
      `${why}: only this site's own pages can change things here`,
    );
  };
  if (site !== undefined && site !== 'same-origin' && site !== 'none') refuse(`a ${site} request`);
  if (origin === undefined) {
    if (site !== undefined) refuse('a browser request without an Origin');
    return;
  }
  const own = ownOrigin(request);
  if (own === null || normalizedOrigin(origin) !== own) refuse(`a request from ${origin}`);
}

/**
 * The token as `Authorization: Bearer <token>`, as the password of `Authorization: Basic` (what
 * a browser can send for the admin pages: any user name), or as the form's `api_token` field.
 */
function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (viaBasic(request)) {
    const pair = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
    return pair.slice(pair.indexOf(':') + 1);
  }
  const body = request.body;
  if (body !== null && typeof body === 'object' && 'api_token' in body) {
    const field = body.api_token;
    if (typeof field === 'string') return field;
  }
  return '';
}

function viaBasic(request: FastifyRequest): boolean {
  return (request.headers.authorization ?? '').startsWith('Basic ');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
