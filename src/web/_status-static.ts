import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sendResponse } from './_http.ts';
import { toResponse, type CachedResponse } from './page-cache.ts';

const FILES: Record<string, string> = {
  'status.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * `/status/static/*`: the own page's stylesheet and icon, under /status so the public listener
 * (which serves nothing else) has them. A stylesheet of its own: the page looks like a
 * Statuspage page, not like the dashboard, and it stays small.
 */
export function registerStatusStatic(app: FastifyInstance): void {
  const prepared = new Map<string, CachedResponse>();
  for (const [name, type] of Object.entries(FILES)) {
    const bytes = readFileSync(new URL(`./static/${name}`, import.meta.url));
    prepared.set(name, toResponse(bytes, type));
  }
  for (const [name, response] of prepared) {
    app.get(`/status/static/${name}`, async (_request, reply) =>
      sendResponse(reply.header('cache-control', 'public, max-age=300'), response),
    );
  }
}
