import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StoredIncident } from '../../domain/index.ts';
import type { WebDeps } from '../_deps.ts';
import { JSON_TYPE, notFound, parseQuery, sendResponse } from '../_http.ts';
import { incidentHref } from '../_links.ts';
import { statuspageIdParams } from '../api/schemas/statuspage.ts';
import { loadProviderRows, type ProviderRow } from '../_provider-rows.ts';
import { originOf } from '../feeds/_feed-items.ts';
import {
  componentsJson,
  incidentJsonV2,
  pageJson,
  splitCompositeId,
  statusJson,
} from './_statuspage-shape.ts';

const LIST_SIZE = 50;

interface Loaded {
  origin: string;
  rows: ProviderRow[];
  now: number;
}

type Document = (
  loaded: Loaded,
  deps: WebDeps,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

const open = (rows: ProviderRow[], pick: (r: ProviderRow) => StoredIncident[]) =>
  rows.flatMap(pick).sort((a, b) => b.lastChangedAt - a.lastChangedAt);

/** Each Statuspage v2 endpoint: what it lists besides `page`. */
const DOCUMENTS: Record<string, Document> = {
  'summary.json': ({ origin, rows }) => ({
    components: componentsJson(rows),
    incidents: open(rows, (r) => r.openIncidents).map((i) => incidentJsonV2(i, origin)),
    scheduled_maintenances: open(rows, (r) => [
      ...r.maintenanceInProgress,
      ...r.upcomingMaintenance,
    ]).map((i) => incidentJsonV2(i, origin)),
    status: statusJson(rows),
  }),
  'status.json': ({ rows }) => ({ status: statusJson(rows) }),
  'components.json': ({ rows }) => ({ components: componentsJson(rows) }),
  'incidents.json': async ({ origin }, deps) => ({
    incidents: (await deps.store.listIncidents({ kind: 'incident', limit: LIST_SIZE })).map((i) =>
      incidentJsonV2(i, origin),
    ),
  }),
  'incidents/unresolved.json': ({ origin, rows }) => ({
    incidents: open(rows, (r) => r.openIncidents).map((i) => incidentJsonV2(i, origin)),
  }),
  'scheduled-maintenances.json': async ({ origin }, deps) => ({
    scheduled_maintenances: (
      await deps.store.listIncidents({ kind: 'maintenance', limit: LIST_SIZE })
    ).map((i) => incidentJsonV2(i, origin)),
  }),
  'scheduled-maintenances/upcoming.json': ({ origin, rows }) => ({
    scheduled_maintenances: open(rows, (r) => r.upcomingMaintenance).map((i) =>
      incidentJsonV2(i, origin),
    ),
  }),
  'scheduled-maintenances/active.json': ({ origin, rows }) => ({
    scheduled_maintenances: open(rows, (r) => r.maintenanceInProgress).map((i) =>
      incidentJsonV2(i, origin),
    ),
  }),
};

/**
 * `/api/v2/*.json` in Atlassian's shape, so Statuspage clients and widgets read the aggregate
 * unchanged, and `/incidents/:id` for the incident links those clients build.
 */
export function registerStatuspageCompat(app: FastifyInstance, deps: WebDeps): void {
  for (const [name, document] of Object.entries(DOCUMENTS)) {
    app.get(`/api/v2/${name}`, async (request, reply) =>
      cachedDocument(deps, request, reply, ['*'], (loaded) => document(loaded, deps)),
    );
  }
  app.get('/api/v2/incidents/:id.json', async (request, reply) => {
    const { slug, vendorId } = parseId(request.params);
    return cachedDocument(deps, request, reply, [slug], async ({ origin }) => {
      const incident = await deps.store.getIncident(slug, vendorId);
      if (incident === null) throw notFound(`no incident "${vendorId}" for provider "${slug}"`);
      return { incident: incidentJsonV2(incident, origin) };
    });
  });
  // Statuspage clients link incidents as `{page.url}/incidents/{id}`.
  app.get('/incidents/:id', async (request, reply) => {
    const { slug, vendorId } = parseId(request.params);
    return reply.code(301).header('location', incidentHref(slug, vendorId)).send();
  });
}

// --- internal ---

function parseId(params: unknown): { slug: string; vendorId: string } {
  const { id } = parseQuery(statuspageIdParams, params);
  const parts = splitCompositeId(id);
  if (parts === null) throw notFound(`no incident "${id}" (ids look like provider~id)`);
  return parts;
}

async function cachedDocument(
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  tags: string[],
  produce: (loaded: Loaded) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<FastifyReply> {
  const origin = originOf(request);
  // page.url and shortlinks are built from Host, so the host is part of the key.
  const response = await deps.cache.get(`v2|${origin}${request.url}`, async () => {
    const now = deps.clock();
    const rows = await loadProviderRows(deps.store, now);
    const rest = await produce({ origin, rows, now });
    const body = JSON.stringify({ page: pageJson(origin, rows, now), ...rest });
    return { body, contentType: JSON_TYPE, tags };
  });
  return sendResponse(reply, response);
}
