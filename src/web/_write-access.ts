import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './_http.ts';

export interface WriteAccess {
  /** The shared secret for changes (`apiToken`, `STATUSWATCH_API_TOKEN`); null when unset. */
  token: string | null;
  /**
   * Whether changes need no token: true only when the server listens on loopback, so that
   * only people on the machine itself can reach it. Behind a reverse proxy, set a token.
   */
  openWithoutToken: boolean;
}

/** Reading a preference is not a change anyone else sees. */
const ALWAYS_ALLOWED = new Set(['/preferences/time-zone']);
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
    return;
  }
  // Open without a token means "anyone on this machine", not "any page a local browser
  // visits": browsers label cross-site requests, and those are refused.
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new HttpError(403, 'forbidden', 'cross-site requests cannot change anything here');
  }
  if (!access.openWithoutToken) {
    throw new HttpError(
      403,
      'forbidden',
      'changes are refused on a server reachable from the network without an API token: set apiToken (STATUSWATCH_API_TOKEN)',
    );
  }
}

function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const body = request.body;
  if (body !== null && typeof body === 'object' && 'api_token' in body) {
    const field = body.api_token;
    if (typeof field === 'string') return field;
  }
  return '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
