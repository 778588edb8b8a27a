import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { notFound, parseQuery } from '../_http.ts';
import { cachedJson, componentJson } from './_json.ts';
import { providerComponentsSchema, slugParams } from './schemas/providers.ts';

/** `/api/v1/providers/:slug/components`: null when the format lists none (feeds). */
export function registerComponentsApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/providers/:slug/components', async (request, reply) => {
    const { slug } = parseQuery(slugParams, request.params);
    return cachedJson(deps, request, reply, [slug], async () => {
      if ((await deps.store.getProvider(slug)) === null) throw notFound(`no provider "${slug}"`);
      const state = await deps.store.loadProviderState(slug, []);
      return {
        provider: slug,
        components: state.components?.map(componentJson) ?? null,
      } satisfies z.infer<typeof providerComponentsSchema>;
    });
  });
}
