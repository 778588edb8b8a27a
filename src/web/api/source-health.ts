import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { loadProviderRows } from '../_provider-rows.ts';
import { cachedJson, healthJson } from './_json.ts';
import type { sourceHealthListSchema } from './schemas/providers.ts';

/** `/api/v1/source-health`: whether each vendor page could be read, and since when not. */
export function registerSourceHealthApi(app: FastifyInstance, deps: WebDeps): void {
  app.get('/api/v1/source-health', async (request, reply) =>
    cachedJson(deps, request, reply, ['*'], async () => {
      const rows = await loadProviderRows(deps.store, deps.clock());
      return { sources: rows.map(healthJson) } satisfies z.infer<typeof sourceHealthListSchema>;
    }),
  );
}
