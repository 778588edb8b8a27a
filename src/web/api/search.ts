import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { summarizeIncident } from '../../domain/index.ts';
import type { WebDeps } from '../_deps.ts';
import { parseQuery } from '../_http.ts';
import {
  searchFilterFields,
  searchText,
  sinceBeforeUntil,
  SINCE_AFTER_UNTIL,
  toSearchFilters,
} from '../pages/search.ts';
import { cachedJson } from './_json.ts';
import { offsetParam } from './incidents.ts';

const query = z
  .object({
    q: searchText.pipe(z.string().min(1, 'q must not be empty')),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: offsetParam,
    ...searchFilterFields,
  })
  .refine(sinceBeforeUntil, SINCE_AFTER_UNTIL);

/** `/api/v1/search?q=`: full-text hits, best first, each with a highlighted snippet. */
export function registerSearchApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/search', async (request, reply) => {
    const parsed = parseQuery(query, request.query);
    const { q, limit, offset } = parsed;
    return cachedJson(deps, request, reply, ['*'], async () => {
      const filters = toSearchFilters(parsed);
      const page = await deps.store.searchIncidents(q, { limit, offset, ...filters });
      return {
        query: q,
        total: page.total,
        // More than `total` match: counting stops there (narrow by provider or date).
        total_capped: page.totalCapped,
        limit,
        offset,
        hits: page.hits.map((h) => ({
          incident: summarizeIncident(h.incident),
          snippet: h.snippet,
        })),
      };
    });
  });
}
