import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../storage/store.ts';

export interface WebOptions {
  store: Store;
  logger?: boolean;
}

/** The HTTP server: pages, API and feeds are registered here as they are built. */
export function createWebServer(options: WebOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 });
  app.get('/healthz', async (_request, reply) => {
    const providers = await options.store.listProviders();
    return reply.send({ ok: true, database: options.store.dialect, providers: providers.length });
  });
  return app;
}
