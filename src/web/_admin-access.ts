import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './_http.ts';
import { normalizedOrigin, ownOrigin } from './_host-check.ts';
import { checkOperatorAccess, type WriteAccess } from './_write-access.ts';

/**
 * The admin pages' guard, on their own (encapsulated) routes only. Reading them is not public
 * either: they show drafted postmortems, which no public read may show. So GETs follow the rule
 * of changes (the API token, else a loopback-only server), and every POST must come from one of
 * our own pages even when a token was presented, as the dashboard's add-a-vendor form does:
 * a token a browser fills in by itself must not let another site post through it.
 */
export function guardAdminRoutes(admin: FastifyInstance, access: WriteAccess): void {
  admin.addHook('onRequest', (request, reply, done) => {
    try {
      if (request.method === 'POST') refuseCrossSite(request);
      else checkOperatorAccess(request, access);
      done();
    } catch (error) {
      // A browser cannot send a Bearer token; asked this way it prompts, and then sends the
      // token as a Basic password on every admin request (_write-access.ts reads it there).
      if (error instanceof HttpError && error.status === 401)
        void reply.header('www-authenticate', 'Basic realm="statuswatch admin", charset="UTF-8"');
      done(error as Error);
    }
  });
}

// --- internal ---

/** The server-wide write guard (_write-access.ts) checks token and loopback for the POSTs. */
function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(
      403,
      'forbidden',
      `a ${site} form post: only this site's pages may post here`,
    );
  }
  const origin = request.headers.origin;
  if (origin === undefined) return; // not a browser (curl, scripts): no page speaks through it
  const own = ownOrigin(request);
  if (own === null || normalizedOrigin(origin) !== own) {
    throw new HttpError(
      403,
      'forbidden',
      `a form post from ${origin}: only this site's pages may post here`,
    );
  }
}
