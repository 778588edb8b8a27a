import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../_deps.ts';
import { registerComponentsApi } from './components.ts';
import { registerEventsApi } from './events.ts';
import { registerIncidentsApi } from './incidents.ts';
import { registerOpenApi } from './openapi.ts';
import { registerProvidersApi } from './providers.ts';
import { registerSearchApi } from './search.ts';
import { registerSourceHealthApi } from './source-health.ts';

/** The JSON API under `/api/v1`, its OpenAPI document and docs page. */
export function registerApi(app: FastifyInstance, deps: WebDeps): void {
  registerProvidersApi(app, deps);
  registerComponentsApi(app, deps);
  registerIncidentsApi(app, deps);
  registerEventsApi(app, deps);
  registerSearchApi(app, deps);
  registerSourceHealthApi(app, deps);
  registerOpenApi(app, deps);
}
