import type { FastifyInstance } from 'fastify';
import { checkOperatorAccess, type WriteAccess } from '../_write-access.ts';

/** What `/metrics` serves; made by the composition root (`observability/metrics.ts`). */
export interface MetricsSource {
  render(): Promise<string>;
  readonly contentType: string;
}

/** Prometheus scrape endpoint: on loopback, or with the API token as a Bearer header. */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: MetricsSource,
  access: WriteAccess,
): void {
  app.get('/metrics', async (request, reply) => {
    checkOperatorAccess(request, access);
    const text = await metrics.render();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
