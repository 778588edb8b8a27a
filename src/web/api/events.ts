import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { parseQuery } from '../_http.ts';
import { cachedJson, eventJson } from './_json.ts';

const query = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/**
 * `/api/v1/events?after=ID`: the event stream in order, so another tool can follow it: pass
 * back `next_cursor` as `after` (it stays put when there is nothing new).
 */
export function registerEventsApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/events', async (request, reply) => {
    const { after, limit } = parseQuery(query, request.query);
    return cachedJson(deps, request, reply, ['*'], async () => {
      const events = await deps.store.listEvents(after, limit);
      return {
        events: events.map(eventJson),
        next_cursor: events.at(-1)?.id ?? after,
        has_more: events.length === limit,
      };
    });
  });
}
