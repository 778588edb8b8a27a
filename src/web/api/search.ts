import type { FastifyInstance } from 'fastify';
import { summarizeIncident } from '../../domain/index.ts';
import type { WebDeps } from '../_deps.ts';
import { parseQuery } from '../_http.ts';
import { toSearchFilters } from '../pages/search.ts';
import { cachedJson } from './_json.ts';
import { searchQuery, type SearchResultsJson } from './schemas/search.ts';

/** `/api/v1/search?q=`: full-text hits, best first, each with a highlighted snippet. */
export function registerSearchApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/search', async (request, reply) => {
    const parsed = parseQuery(searchQuery, request.query);
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
      } satisfies SearchResultsJson;
    });
  });
}
