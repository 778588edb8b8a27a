import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { parseQuery } from '../_http.ts';
import { cachedJson, eventJson } from './_json.ts';
import { eventsQuery, type eventPageSchema } from './schemas/events.ts';

/**
 * `/api/v1/events?after=ID`: the event stream in order, so another tool can follow it: pass
 * back `next_cursor` as `after` (it stays put when there is nothing new).
 */
export function registerEventsApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/events', async (request, reply) => {
    const { after, limit } = parseQuery(eventsQuery, request.query);
    return cachedJson(deps, request, reply, ['*'], async () => {
      const events = await deps.store.listEvents(after, limit);
      return {
        events: events.map(eventJson),
        next_cursor: events.at(-1)?.id ?? after,
        has_more: events.length === limit,
      } satisfies z.infer<typeof eventPageSchema>;
    });
  });
}
