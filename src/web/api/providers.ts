import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { notFound, parseQuery } from '../_http.ts';
import { loadProviderRows, providerRow } from '../_provider-rows.ts';
import { cachedJson, componentJson, incidentJson, providerJson } from './_json.ts';
import { providerDetailSchema, providerListSchema, slugParams } from './schemas/providers.ts';

/** `/api/v1/providers` (worst first) and `/api/v1/providers/:slug`. */
export function registerProvidersApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/providers', async (request, reply) =>
    cachedJson(deps, request, reply, ['*'], async () => {
      const rows = await loadProviderRows(deps.store, deps.clock());
      return { providers: rows.map(providerJson) } satisfies z.infer<typeof providerListSchema>;
    }),
  );
  app.get('/api/v1/providers/:slug', async (request, reply) => {
    const { slug } = parseQuery(slugParams, request.params);
    return cachedJson(deps, request, reply, [slug], async () => {
      const record = await deps.store.getProvider(slug);
      if (record === null) throw notFound(`no provider "${slug}"`);
      const state = await deps.store.loadProviderState(slug, []);
      const open = state.incidents.filter((i) => !i.isTemplate);
      return {
        provider: providerJson(providerRow(record, open, deps.clock())),
        components: state.components?.map(componentJson) ?? null,
        open_incidents: open.map((i) => incidentJson(i)),
      } satisfies z.infer<typeof providerDetailSchema>;
    });
  });
}
