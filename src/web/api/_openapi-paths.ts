import { IMPACT_FILTERS, STATUS_FILTERS } from '../_incident-filters.ts';

/** One documented operation: enough to build its OpenAPI entry. */
interface Operation {
  summary: string;
  tag: 'Providers' | 'Incidents' | 'Events' | 'Search' | 'Statuspage v2' | 'Meta' | 'Alerts';
  params?: Param[];
  /** A schema name from OPENAPI_SCHEMAS, or an inline schema. */
  body: Record<string, unknown>;
  contentType?: string;
  notFound?: boolean;
  /** Success status when not 200 (201 created, 204 no content). */
  status?: 201 | 204;
  /** JSON request body schema (POST, PUT). */
  requestBody?: Record<string, unknown>;
  /** Answers 403 when the server runs read-only (no alert channels configured). */
  forbidden?: boolean;
}

interface Param {
  name: string;
  in: 'query' | 'path';
  schema: Record<string, unknown>;
  description?: string;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** An answer's top level: every listed field is always sent. */
export const fields = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
});
const listOf = (key: string, item: string) => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: ref(item) } },
  required: [key],
});
export const path = (name: string): Param => ({ name, in: 'path', schema: { type: 'string' } });
const q = (name: string, schema: Record<string, unknown>, description?: string): Param => ({
  name, in: 'query', schema, ...(description === undefined ? {} : { description }),
}); // prettier-ignore
export const intQ = (name: string, min: number, max: number, description: string) =>
  q(name, { type: 'integer', minimum: min, maximum: max }, description);
const date = { type: 'string', description: 'YYYY-MM-DD (UTC) or an ISO 8601 time' };

const incidentFilters: Param[] = [
  q('provider', { type: 'string' }, 'provider slug'),
  q('impact', { type: 'string', enum: [...IMPACT_FILTERS] }),
  q('kind', { type: 'string', enum: ['incident', 'maintenance'] }),
  q('status', { type: 'string', enum: [...STATUS_FILTERS] }, '`open`: any status not closed'),
  q('since', date, 'started (or first seen) at or after'),
  q('until', date, 'started (or first seen) before'),
  intQ('limit', 1, 500, 'page size (default 50)'),
  intQ('offset', 0, 1_000_000, 'items to skip'),
];

const sp = (summary: string): Operation => ({
  summary,
  tag: 'Statuspage v2',
  body: ref('StatuspageDocument'),
});

/** Every `/api` route, keyed by OpenAPI path; a test checks this against fastify's routes. */
export const API_OPERATIONS: Record<string, Operation> = {
  '/api/v1/providers': { summary: 'Watched providers, worst first', tag: 'Providers', body: listOf('providers', 'Provider') },
  '/api/v1/providers/{slug}': {
    summary: 'One provider with its components and open incidents', tag: 'Providers', params: [path('slug')], notFound: true,
    body: fields({ provider: ref('Provider'), components: { type: ['array', 'null'], items: ref('Component') }, open_incidents: { type: 'array', items: ref('Incident') } }),
  },
  '/api/v1/providers/{slug}/components': {
    summary: "A provider's components (null when its format lists none)", tag: 'Providers', params: [path('slug')], notFound: true,
    body: fields({ provider: { type: 'string' }, components: { type: ['array', 'null'], items: ref('Component') } }),
  },
  '/api/v1/source-health': { summary: 'Whether each source could be read, and since when not', tag: 'Providers', body: listOf('sources', 'SourceHealth') },
  '/api/v1/incidents': {
    summary: 'Incidents and maintenances with their updates, newest first', tag: 'Incidents', params: incidentFilters,
    body: fields({ schema: { type: 'string' }, limit: { type: 'integer' }, offset: { type: 'integer' }, has_more: { type: 'boolean' }, incidents: { type: 'array', items: ref('Incident') } }),
  },
  '/api/v1/providers/{slug}/incidents/{id}': {
    summary: 'One incident', tag: 'Incidents', params: [path('slug'), path('id')], notFound: true,
    body: fields({ incident: ref('Incident') }),
  },
  '/api/v1/events': {
    summary: 'The event stream after a cursor; pass `next_cursor` back as `after`', tag: 'Events',
    params: [intQ('after', 0, Number.MAX_SAFE_INTEGER, 'last event id seen (default 0)'), intQ('limit', 1, 1000, 'default 100')],
    body: fields({ events: { type: 'array', items: ref('Event') }, next_cursor: { type: 'integer' }, has_more: { type: 'boolean' } }),
  },
  '/api/v1/search': {
    summary: 'Full-text search over titles, updates and postmortems', tag: 'Search',
    params: [{ ...q('q', { type: 'string', minLength: 1, maxLength: 200 }), required: true } as Param, intQ('limit', 1, 100, 'default 20'), intQ('offset', 0, 1_000_000, 'hits to skip'), ...incidentFilters.filter((p) => ['provider', 'since', 'until'].includes(p.name))],
    body: fields({ query: { type: 'string' }, total: { type: 'integer', description: 'matches counted, at most 1000' }, total_capped: { type: 'boolean', description: 'more than total match (narrow by provider or date)' }, limit: { type: 'integer' }, offset: { type: 'integer' }, hits: { type: 'array', items: ref('SearchHit') } }),
  },
  '/api/v2/summary.json': sp('Statuspage summary: page, components (one per provider), open incidents, active and upcoming maintenance, status'),
  '/api/v2/status.json': sp('Statuspage status: the aggregate indicator'),
  '/api/v2/components.json': sp('Statuspage components: one per watched provider'),
  '/api/v2/incidents.json': sp('Statuspage incidents: the 50 newest across providers'),
  '/api/v2/incidents/unresolved.json': sp('Statuspage unresolved incidents'),
  '/api/v2/incidents/{id}.json': { ...sp('One incident, Statuspage shape (id is provider~vendor id)'), params: [path('id')], notFound: true },
  '/api/v2/scheduled-maintenances.json': sp('Statuspage scheduled maintenances: the 50 newest'),
  '/api/v2/scheduled-maintenances/upcoming.json': sp('Statuspage upcoming maintenances'),
  '/api/v2/scheduled-maintenances/active.json': sp('Statuspage maintenances in progress'),
  '/api/openapi.json': { summary: 'This document', tag: 'Meta', body: { type: 'object' } },
  '/api/docs': { summary: 'This document, rendered as HTML', tag: 'Meta', body: { type: 'string' }, contentType: 'text/html' },
}; // prettier-ignore

export type { Operation, Param };
