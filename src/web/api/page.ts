import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { alertDeliveryPlanner } from '../../alerts/index.ts';
import { componentIdOf, type PageConfig } from '../../config/index.ts';
import { StatuswatchError } from '../../domain/index.ts';
import type { DeliveryPlanner } from '../../ingest/delivery-planner.ts';
import {
  PAGE_ACTION_LABELS,
  parseAction,
  runPageAction,
  type OwnPageWriter,
  type PageActionName,
} from '../../own-page/index.ts';
import type { WebDeps } from '../_deps.ts';
import { HttpError, notFound, parseQuery } from '../_http.ts';
import { checkOperatorAccess, type WriteAccess } from '../_write-access.ts';
import { componentJson, incidentJson, iso } from './_json.ts';
import type { oneIncidentSchema } from './schemas/incidents.ts';
import {
  pageBodies,
  pageCodeParams,
  pageComponentParams,
  type PostmortemDraftJson,
} from './schemas/page.ts';
import type { providerComponentsSchema } from './schemas/providers.ts';

export interface PageApiOptions {
  /** `page:` of statuswatch.yaml; null: every route answers 404. */
  page: PageConfig | null;
  access: WriteAccess;
  /** Alerts' planner unless a composition root passes another (tests, dry runs). */
  deliveries?: DeliveryPlanner;
}

/**
 * `/api/v1/page/…`: every authoring action of the team's own page through own-page's one door
 * (`runPageAction`), at the server's clock. Token only, even on a loopback-only server (where
 * other changes need none): the CLI already authors locally without one, and what a token-less
 * API would open is the public page's words. Nothing here is cached or readable cross-origin.
 */
export function registerPageApi(app: FastifyInstance, deps: WebDeps, options: PageApiOptions) {
  const writerOf = (request: FastifyRequest): OwnPageWriter => {
    const page = options.page;
    // A server without `page:` has no page: first, so a probe learns no more than that.
    if (page === null) throw notFound('no own page here: declare `page:` in statuswatch.yaml');
    requireToken(request, options.access);
    const deliveries = options.deliveries ?? alertDeliveryPlanner(deps.store);
    return { store: deps.store, page, deliveries };
  };
  const route = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, handler: Handler) => {
    app.route({
      method,
      url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const [status, payload, location] = await handler(writerOf(request), request, deps);
        if (location !== undefined) reply.header('location', location);
        return reply.code(status).header('cache-control', 'no-store').send(payload);
      },
    });
  };
  route('POST', '/api/v1/page/incidents', (w, r, d) => act(w, r, d, 'incident.open', 201));
  route('POST', `${INCIDENT}/updates`, (w, r, d) => act(w, r, d, 'incident.update', 201));
  route('POST', `${INCIDENT}/resolve`, (w, r, d) => act(w, r, d, 'incident.resolve', 200));
  route('PUT', `${INCIDENT}/postmortem`, draft);
  route('GET', `${INCIDENT}/postmortem-draft`, readDraft);
  route('POST', `${INCIDENT}/postmortem/publish`, (w, r, d) => act(w, r, d, 'postmortem.publish', 200)); // prettier-ignore
  route('POST', '/api/v1/page/maintenances', (w, r, d) => act(w, r, d, 'maintenance.schedule', 201)); // prettier-ignore
  route('POST', `${MAINTENANCE}/start`, (w, r, d) => act(w, r, d, 'maintenance.start', 200));
  route('POST', `${MAINTENANCE}/complete`, (w, r, d) => act(w, r, d, 'maintenance.complete', 200)); // prettier-ignore
  route('PATCH', '/api/v1/page/components/:id', setComponent);
}

// --- internal ---

const INCIDENT = '/api/v1/page/incidents/:code';
const MAINTENANCE = '/api/v1/page/maintenances/:code';

/** Status, JSON payload, and where a created incident is read (201). */
type Answer = [number, unknown, string?];
type Handler = (writer: OwnPageWriter, request: FastifyRequest, deps: WebDeps) => Promise<Answer>;

/** Each action's body schema: its action schema less what the path names. */
const BODY_OF: Partial<Record<PageActionName, z.ZodType>> = {
  'incident.open': pageBodies.open,
  'incident.update': pageBodies.update,
  'incident.resolve': pageBodies.resolve,
  'maintenance.schedule': pageBodies.schedule,
  'maintenance.start': pageBodies.step,
  'maintenance.complete': pageBodies.step,
};

/**
 * Runs one action and answers the incident as `/api/v1/providers/{slug}/incidents/{id}` does.
 * The body is checked by its documented schema first, so a `code` or an `at` in it is refused
 * by name rather than silently overridden; the action then parses it again with the path's code.
 */
async function act(
  writer: OwnPageWriter,
  request: FastifyRequest,
  deps: WebDeps,
  action: PageActionName,
  status: 200 | 201,
): Promise<Answer> {
  const named = (request.params as Record<string, unknown>).code !== undefined;
  const code = named ? codeOf(request) : undefined;
  const body = bodyOf(request);
  const schema = BODY_OF[action];
  if (schema !== undefined) parseAction(schema, body, PAGE_ACTION_LABELS[action]);
  else if (Object.keys(body).length > 0)
    throw new StatuswatchError('invalid_input', `${PAGE_ACTION_LABELS[action]}: takes no body`);
  const input = code === undefined ? body : { ...body, code };
  const { incident } = await runPageAction(writer, deps.clock(), action, input);
  if (incident === null) throw new Error(`${action} wrote no incident`);
  const answer = await storedIncident(writer, incident.vendorId);
  if (status === 200) return [status, answer];
  // What is created is an incident (an update, too, is read with its incident).
  return [status, answer, `/api/v1/providers/${writer.page.slug}/incidents/${incident.vendorId}`];
}

async function draft(writer: OwnPageWriter, request: FastifyRequest, deps: WebDeps) {
  const code = codeOf(request);
  const body = bodyOf(request);
  parseAction(pageBodies.draft, body, PAGE_ACTION_LABELS['postmortem.draft']);
  await runPageAction(writer, deps.clock(), 'postmortem.draft', { ...body, code });
  return readDraft(writer, request);
}

async function readDraft(writer: OwnPageWriter, request: FastifyRequest): Promise<Answer> {
  const code = codeOf(request);
  const key = { providerSlug: writer.page.slug, vendorId: code };
  const stored = await writer.store.getPostmortemDraft(key);
  if (stored === null) {
    if ((await writer.store.getIncident(key.providerSlug, code)) === null)
      throw notFound(`no incident "${code}" on page "${writer.page.slug}"`);
    throw notFound(`incident "${code}" has no drafted postmortem`);
  }
  const answer = {
    draft: {
      code,
      body_text: stored.bodyText,
      body_html: stored.bodyHtml,
      drafted_at: iso(stored.draftedAt),
    },
  } satisfies PostmortemDraftJson;
  return [200, answer];
}

/** A component's status outside any incident; an id the page does not list is a 404. */
async function setComponent(writer: OwnPageWriter, request: FastifyRequest, deps: WebDeps) {
  const { id } = parseQuery(pageComponentParams, request.params);
  const body = bodyOf(request);
  parseAction(pageBodies.component, body, PAGE_ACTION_LABELS['component.set']);
  if (!writer.page.components.some((c) => componentIdOf(c) === id))
    throw notFound(`no component "${id}" on page "${writer.page.slug}"`);
  await runPageAction(writer, deps.clock(), 'component.set', { ...body, id });
  const after = await writer.store.loadProviderState(writer.page.slug, []);
  const answer = {
    provider: writer.page.slug,
    components: (after.components ?? []).map(componentJson),
  } satisfies z.infer<typeof providerComponentsSchema>;
  return [200, answer] satisfies Answer;
}

async function storedIncident(writer: OwnPageWriter, code: string) {
  const key = { providerSlug: writer.page.slug, vendorId: code };
  const stored = await writer.store.getIncident(key.providerSlug, code);
  if (stored === null) throw notFound(`no incident "${code}" on page "${writer.page.slug}"`);
  const analyses = await writer.store.getIncidentAnalyses([key]);
  const incident = incidentJson(stored, analyses.get(`${key.providerSlug}\n${code}`) ?? null);
  return { incident } satisfies z.infer<typeof oneIncidentSchema>;
}

function codeOf(request: FastifyRequest): string {
  return parseQuery(pageCodeParams, request.params).code;
}

/** No body is an empty one, so the schema names each missing field; a non-object is a 400. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new StatuswatchError('invalid_input', 'the body is a JSON object');
  return body as Record<string, unknown>;
}

/**
 * The API token, always: 403 while none is configured (even on loopback, see above), else 401
 * without the right one (checked in constant time by the write-access rule).
 */
function requireToken(request: FastifyRequest, access: WriteAccess): void {
  if (access.token === null)
    throw new HttpError(
      403,
      'forbidden',
      'authoring the page over the API needs an API token: set apiToken (STATUSWATCH_API_TOKEN), or use `statuswatch page` on this machine',
    );
  checkOperatorAccess(request, access);
}
