import type { FastifyInstance } from 'fastify';
import type { StoredIncident } from '../../domain/index.ts';
import type { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { notFound, parseQuery } from '../_http.ts';
import { incidentFilterSchema, toIncidentQuery } from '../_incident-filters.ts';
import { cachedJson, incidentJson } from './_json.ts';
import {
  incidentParams,
  pagingQuery,
  type IncidentJson,
  type incidentPageSchema,
  type oneIncidentSchema,
} from './schemas/incidents.ts';

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
    const { limit, offset } = parseQuery(pagingQuery, request.query);
    return cachedJson(deps, request, reply, ['*'], async () => {
      // As /api/v1/providers/:slug answers: an unknown provider is not "no incidents".
      if (
        filters.provider !== undefined &&
        (await deps.store.getProvider(filters.provider)) === null
      ) {
        throw notFound(`no provider "${filters.provider}"`);
      }
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
      } satisfies z.infer<typeof incidentPageSchema>;
    });
  });
  app.get('/api/v1/providers/:slug/incidents/:id', async (request, reply) => {
    const { slug, id } = parseQuery(incidentParams, request.params);
    return cachedJson(deps, request, reply, [slug], async () => {
      const incident = await deps.store.getIncident(slug, id);
      if (incident === null) throw notFound(`no incident "${id}" for provider "${slug}"`);
      const [json] = (await withAnalyses(deps, [incident])) as [IncidentJson];
      return { incident: json } satisfies z.infer<typeof oneIncidentSchema>;
    });
  });
}
