import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sendResponse } from './_http.ts';
import { toResponse, type CachedResponse } from './page-cache.ts';

const FILES: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** `/static/*`: our stylesheet and script, read once at start and served from memory. */
export function registerStatic(app: FastifyInstance): void {
  const prepared = new Map<string, CachedResponse>();
  for (const [name, type] of Object.entries(FILES)) {
    const bytes = readFileSync(new URL(`./static/${name}`, import.meta.url));
    prepared.set(name, toResponse(bytes, type));
  }
  for (const [name, response] of prepared) {
    app.get(`/static/${name}`, async (_request, reply) =>
      sendResponse(reply.header('cache-control', 'public, max-age=300'), response),
    );
  }
}
