import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * `Access-Control-Allow-Origin: *` for what any page may read: GETs of `/api/v2/*` (so
 * Atlassian's status widget and Statuspage clients on another origin work), `/api/v1` reads and
 * the feeds, and their preflights. Routes that change things, and the alert routes (which
 * may hold webhook URLs and need the write token) and the own page's authoring routes, get no
 * CORS headers at all.
 */
export function registerCors(app: FastifyInstance): void {
  void app.register(cors, {
    delegator: (request, callback) => {
      callback(null, isPublicRead(request) ? PUBLIC : CLOSED);
    },
  });
}

/** Whether a request (or the one a preflight announces) reads a public document. */
export function isPublicRead(request: FastifyRequest): boolean {
  const method =
    request.method === 'OPTIONS'
      ? (request.headers['access-control-request-method'] ?? '').toUpperCase()
      : request.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/api/v1/')) return !PRIVATE_V1.test(path);
  if (path.startsWith('/status/api/v2/') || OWN_FEED.test(path)) return true;
  return path.startsWith('/api/v2/') || path === '/api/openapi.json' || FEED.test(path);
}

// --- internal ---

const PUBLIC = { origin: '*', methods: ['GET', 'HEAD'], maxAge: 86_400 };
const CLOSED = { origin: false };
// The own page's authoring routes read drafts with the token: as private as the alert routes.
const PRIVATE_V1 = /^\/api\/v1\/(subscriptions|deliveries|alerts|page)(\/|$)/;
const FEED = /^(\/providers\/[^/]+)?\/feed\.(atom|rss)$/;
const OWN_FEED = /^\/status\/history\.(atom|rss)$/;
