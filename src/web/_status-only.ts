import type { FastifyInstance } from 'fastify';
import { notFound } from './_http.ts';

/** `/status` and everything under it: the own page's outputs and their assets. */
export function isStatusPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/status' || path.startsWith('/status/');
}

/**
 * The public listener's gate: any path outside `/status` is 404 before a route runs, whatever
 * the routes registered (dashboard, admin, API, /metrics, /healthz). A gate on the prefix,
 * not a list of routes, so a page route added later (the subscribe forms) is served on the
 * public listener without touching it, and nothing else ever is.
 */
export function registerStatusOnly(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (isStatusPath(request.url)) done();
    else done(notFound('this listener serves the status page under /status only'));
  });
}
