import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSetAside, isStaleOpen, type StoredIncident } from '../../domain/index.ts';
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
  /** `serve --no-poll`: components report the last stored status (see `componentsJson`). */
  archive: boolean;
}

type Document = (
  loaded: Loaded,
  deps: WebDeps,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

const open = (rows: ProviderRow[], pick: (r: ProviderRow) => StoredIncident[]) =>
  rows.flatMap(pick).sort((a, b) => b.lastChangedAt - a.lastChangedAt);

/**
 * A maintenance is upcoming only before its start, and active only while in progress and not
 * stale (domain/incident-staleness.ts). Personio's q942573ggms6 (personio__incidents-2024-01-31
 * .json) stays "scheduled" for 2024-02-06 21:00-23:00 UTC forever; past its start it is neither.
 * Open incidents are listed whatever their age: they still count in the component status.
 */
const active = (now: number) => (i: StoredIncident) => !isSetAside(i) && !isStaleOpen(i, now);
const upcoming = (now: number) => (i: StoredIncident) =>
  active(now)(i) && (i.scheduledFor === null || now < i.scheduledFor);

/** Each Statuspage v2 endpoint: what it lists besides `page`. */
const DOCUMENTS: Record<string, Document> = {
  'summary.json': ({ origin, rows, now, archive }) => ({
    components: componentsJson(rows, archive),
    incidents: open(rows, (r) => r.openIncidents).map((i) => incidentJsonV2(i, origin)),
    scheduled_maintenances: open(rows, (r) => [
      ...r.maintenanceInProgress.filter(active(now)),
      ...r.upcomingMaintenance.filter(upcoming(now)),
    ]).map((i) => incidentJsonV2(i, origin)),
    status: statusJson(rows, archive),
  }),
  'status.json': ({ rows, archive }) => ({ status: statusJson(rows, archive) }),
  'components.json': ({ rows, archive }) => ({ components: componentsJson(rows, archive) }),
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
  'scheduled-maintenances/upcoming.json': ({ origin, rows, now }) => ({
    scheduled_maintenances: open(rows, (r) => r.upcomingMaintenance.filter(upcoming(now))).map(
      (i) => incidentJsonV2(i, origin),
    ),
  }),
  'scheduled-maintenances/active.json': ({ origin, rows, now }) => ({
    scheduled_maintenances: open(rows, (r) => r.maintenanceInProgress.filter(active(now))).map(
      (i) => incidentJsonV2(i, origin),
    ),
  }),
};

/**
 * `/api/v2/*.json` in Atlassian's shape, so Statuspage clients and widgets read the aggregate
 * unchanged, and `/incidents/:id` for the incident links those clients build.
 */
export function registerStatuspageCompat(
  app: FastifyInstance,
  deps: WebDeps,
  options: { archive: boolean } = { archive: false },
): void {
  const documentDeps = { ...deps, archive: options.archive };
  for (const [name, document] of Object.entries(DOCUMENTS)) {
    app.get(`/api/v2/${name}`, async (request, reply) =>
      cachedDocument(documentDeps, request, reply, ['*'], (loaded) => document(loaded, deps)),
    );
  }
  app.get('/api/v2/incidents/:id.json', async (request, reply) => {
    const { slug, vendorId } = parseId(request.params);
    return cachedDocument(documentDeps, request, reply, [slug], async ({ origin }) => {
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
  deps: WebDeps & { archive: boolean },
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
    const rest = await produce({ origin, rows, now, archive: deps.archive });
    const body = JSON.stringify({ page: pageJson(origin, rows, now), ...rest });
    return { body, contentType: JSON_TYPE, tags };
  });
  return sendResponse(reply, response);
}
