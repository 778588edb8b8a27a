import type { FastifyInstance } from 'fastify';
import type { PageConfig } from '../config/index.ts';
import { HTML, JSON_TYPE, wantsJson } from './_http.ts';
import { html } from './html.ts';
import { statusFrame } from './pages/_status-frame.ts';

const MESSAGE = 'this listener serves the status page under /status only';

/** `/status` and everything under it: the own page's outputs and their assets. */
export function isStatusPath(url: string): boolean {
  // The path is `url` up to `?`; read in place, as this runs on every request.
  return url === '/status' || url.startsWith('/status/') || url.startsWith('/status?');
}

/**
 * The public listener's gate: any path outside `/status` is 404 before a route runs, whatever
 * the routes registered (dashboard, admin, API, /metrics, /healthz). A gate on the prefix,
 * not a list of routes, so a page route added later (the subscribe forms) is served on the
 * public listener without touching it, and nothing else ever is. The answer is the page's own
 * (JSON under /api, as everywhere): the dashboard's error page would link to what is not here.
 */
export function registerStatusOnly(app: FastifyInstance, page: PageConfig): void {
  const notFoundPage = statusFrame({
    page,
    title: `Not found - ${page.name} Status`,
    main: html`<h1>Not found</h1>
      <p>Nothing here: ${MESSAGE}.</p>
      <p><a href="/status">${page.name} status</a></p>`,
  });
  const notFoundJson = JSON.stringify({ error: { code: 'not_found', message: MESSAGE } });
  app.addHook('onRequest', (request, reply, done) => {
    if (isStatusPath(request.url)) {
      done();
      return;
    }
    // Answered here, so no route, body parser or write check runs for it.
    void reply.code(404).header('cache-control', 'no-store');
    if (wantsJson(request)) void reply.type(JSON_TYPE).send(notFoundJson);
    else void reply.type(HTML).send(notFoundPage);
  });
}
