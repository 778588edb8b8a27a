import type { FastifyInstance } from 'fastify';
import type { StoredIncident } from '../../domain/index.ts';
import { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { notFound, parseQuery } from '../_http.ts';
import { incidentFilterSchema, toIncidentQuery } from '../_incident-filters.ts';
import { cachedJson, incidentJson } from './_json.ts';

export const limitParam = z.coerce.number().int().min(1).max(500).default(50);
export const offsetParam = z.coerce.number().int().min(0).max(1_000_000).default(0);
const paging = z.object({ limit: limitParam, offset: offsetParam });
const incidentParams = z.object({
  slug: z.string().min(1).max(100),
  id: z.string().min(1).max(500),
});

/** Each incident as JSON with its stored analysis, read in one query for the page. */
async function withAnalyses(deps: WebDeps, incidents: readonly StoredIncident[]) {
  const keys = incidents.map((i) => ({ providerSlug: i.providerSlug, vendorId: i.vendorId }));
  const analyses = await deps.store.getIncidentAnalyses(keys);
  return incidents.map((i) =>
    incidentJson(i, analyses.get(`${i.providerSlug}\n${i.vendorId}`) ?? null),
  );
}

/** `/api/v1/incidents` (filtered, paginated, with updates) and one incident by provider and id. */
export function registerIncidentsApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/incidents', async (request, reply) => {
    const filters = parseQuery(incidentFilterSchema, request.query);
    const { limit, offset } = parseQuery(paging, request.query);
    return cachedJson(deps, request, reply, ['*'], async () => {
      const incidents = await deps.store.listIncidents({
        ...toIncidentQuery(filters),
        limit: limit + 1,
        offset,
      });
      return {
        schema: 'statuswatch.incidents.v1',
        limit,
        offset,
        has_more: incidents.length > limit,
        incidents: await withAnalyses(deps, incidents.slice(0, limit)),
      };
    });
  });
  app.get('/api/v1/providers/:slug/incidents/:id', async (request, reply) => {
    const { slug, id } = parseQuery(incidentParams, request.params);
    return cachedJson(deps, request, reply, [slug], async () => {
      const incident = await deps.store.getIncident(slug, id);
      if (incident === null) throw notFound(`no incident "${id}" for provider "${slug}"`);
      const [json] = await withAnalyses(deps, [incident]);
      return { incident: json };
    });
  });
}
