import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageConfig } from '../../config/index.ts';
import type { StoredIncident } from '../../domain/index.ts';
import { configuredComponents, isCode } from '../../own-page/index.ts';
import type { WebDeps } from '../_deps.ts';
import { JSON_TYPE, notFound, sendResponse } from '../_http.ts';
import {
  ownComponentsJson,
  ownIncidentJson,
  ownPageJson,
  ownStatusJson,
  type OwnPageView,
} from './_own-page-shape.ts';

const LIST_SIZE = 50;

interface Loaded {
  view: OwnPageView;
  open: StoredIncident[];
  deps: WebDeps;
}

type Document = (loaded: Loaded) => Record<string, unknown> | Promise<Record<string, unknown>>;

const list = async ({ deps, view }: Loaded, query: { kind: 'incident' | 'maintenance' }) =>
  deps.store.listIncidents({ providerSlug: view.page.slug, kind: query.kind, limit: LIST_SIZE });

const openOf = (open: StoredIncident[], kind: 'incident' | 'maintenance', statuses?: string[]) =>
  open.filter((i) => i.kind === kind && (statuses === undefined || statuses.includes(i.status)));

/** Each public Statuspage v2 endpoint of the own page: what it lists besides `page`. */
const DOCUMENTS: Record<string, Document> = {
  'summary.json': ({ view, open }) => ({
    components: ownComponentsJson(view),
    incidents: openOf(open, 'incident').map((i) => ownIncidentJson(view, i)),
    scheduled_maintenances: openOf(open, 'maintenance').map((i) => ownIncidentJson(view, i)),
    status: ownStatusJson(view, open),
  }),
  'status.json': ({ view, open }) => ({ status: ownStatusJson(view, open) }),
  'components.json': ({ view }) => ({ components: ownComponentsJson(view) }),
  'incidents.json': async (loaded) => ({
    incidents: (await list(loaded, { kind: 'incident' })).map((i) => ownIncidentJson(loaded.view, i)),
  }),
  'incidents/unresolved.json': ({ view, open }) => ({
    incidents: openOf(open, 'incident').map((i) => ownIncidentJson(view, i)),
  }),
  'scheduled-maintenances.json': async (loaded) => ({
    scheduled_maintenances: (await list(loaded, { kind: 'maintenance' })).map((i) => ownIncidentJson(loaded.view, i)),
  }),
  'scheduled-maintenances/upcoming.json': ({ view, open }) => ({
    scheduled_maintenances: openOf(open, 'maintenance', ['scheduled']).map((i) => ownIncidentJson(view, i)),
  }),
  'scheduled-maintenances/active.json': ({ view, open }) => ({
    scheduled_maintenances: openOf(open, 'maintenance', ['in_progress', 'verifying']).map((i) => ownIncidentJson(view, i)),
  }),
}; // prettier-ignore

/**
 * The team's own page under `/status/api/v2/`, in Statuspage's public shapes, so any
 * Statuspage client (statuswatch's own statuspage-v2 source included) reads it unchanged.
 */
export function registerOwnPageApi(app: FastifyInstance, deps: WebDeps, page: PageConfig): void {
  for (const [name, document] of Object.entries(DOCUMENTS)) {
    app.get(`/status/api/v2/${name}`, async (request, reply) =>
      cachedDocument(deps, page, request, reply, document),
    );
  }
  app.get('/status/api/v2/incidents/:code.json', async (request, reply) => {
    const { code } = request.params as { code: string };
    return cachedDocument(deps, page, request, reply, async ({ view }) => {
      const incident = isCode(code) ? await deps.store.getIncident(page.slug, code) : null;
      if (incident === null) throw notFound(`no incident "${code}" on this page`);
      return { incident: ownIncidentJson(view, incident) };
    });
  });
}

/** The page's components and open incidents as stored (configured, all operational, before any write). */
export async function loadOwnPage(
  deps: WebDeps,
  page: PageConfig,
): Promise<{ view: OwnPageView; open: StoredIncident[] }> {
  const record = await deps.store.getProvider(page.slug);
  if (record === null) {
    const now = deps.clock();
    const view = {
      page,
      components: configuredComponents(page, null),
      createdAt: now,
      updatedAt: now,
    };
    return { view, open: [] };
  }
  const state = await deps.store.loadProviderState(page.slug, []);
  const view: OwnPageView = {
    page,
    components: state.components ?? configuredComponents(page, null),
    createdAt: record.provider.createdAt,
    updatedAt: record.source.health.lastSuccessAt ?? record.provider.createdAt,
  };
  return { view, open: state.incidents };
}

// --- internal ---

async function cachedDocument(
  deps: WebDeps,
  page: PageConfig,
  request: FastifyRequest,
  reply: FastifyReply,
  produce: Document,
): Promise<FastifyReply> {
  const response = await deps.cache.get(`own|${request.url}`, async () => {
    const { view, open } = await loadOwnPage(deps, page);
    const rest = await produce({ view, open, deps });
    const body = JSON.stringify({ page: ownPageJson(view), ...rest });
    return { body, contentType: JSON_TYPE, tags: [page.slug] };
  });
  return sendResponse(reply, response);
}
