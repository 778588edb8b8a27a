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
 * An error met under /status (an unknown incident code, a bad page number) in the page's own
 * frame: the dashboard's error page would link to, and load, what the public listener does not
 * serve. Under /status/api the answer is JSON, as under /api.
 */
export function statusErrorAnswer(
  page: PageConfig,
  url: string,
  answer: { status: number; code: string; message: string },
): { type: string; body: string } | null {
  if (!isStatusPath(url)) return null;
  if (url.startsWith('/status/api/'))
    return {
      type: JSON_TYPE,
      body: JSON.stringify({ error: { code: answer.code, message: answer.message } }),
    };
  const title = answer.status === 404 ? 'Not found' : 'Something went wrong';
  return {
    type: HTML,
    body: statusFrame({
      page,
      title: `${title} - ${page.name} Status`,
      main: html`<h1>${title}</h1>
        <p>${answer.message}</p>
        <p><a href="/status">${page.name} status</a></p>`,
    }),
  };
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
