import { z } from 'zod';
import { incidentFilterSchema } from '../_incident-filters.ts';
import {
  alertSchemas,
  deliveriesQuery,
  subscriptionIdParams,
  subscriptionSpecSchema,
} from './schemas/alerts.ts';
import { eventPageSchema, eventsQuery } from './schemas/events.ts';
import {
  incidentPageSchema,
  incidentParams,
  oneIncidentSchema,
  pagingQuery,
} from './schemas/incidents.ts';
import {
  providerComponentsSchema,
  providerDetailSchema,
  providerListSchema,
  slugParams,
  sourceHealthListSchema,
} from './schemas/providers.ts';
import { PAGE_OPERATIONS } from './_page-operations.ts';
import { searchQuery, searchResultsSchema } from './schemas/search.ts';
import { statuspageIdParams, statuspageSchemas } from './schemas/statuspage.ts';
import { response } from './schemas/_wire.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Tag =
  | 'Providers'
  | 'Incidents'
  | 'Events'
  | 'Search'
  | 'Statuspage v2'
  | 'Meta'
  | 'Alerts'
  | 'Own page';

/** One documented route: the zod schemas its handler validates with and answers in. */
export interface Operation {
  method: Method;
  /** OpenAPI path template (`{slug}` where fastify says `:slug`). */
  path: string;
  summary: string;
  tag: Tag;
  params?: z.ZodObject;
  query?: z.ZodRawShape;
  /** Words for query parameters the schema cannot say. */
  notes?: Record<string, string>;
  /** A JSON body schema from the request registry (POST, PUT). */
  body?: z.ZodType;
  /** The success answer: a schema from the response registry, or none (204). */
  status?: 200 | 201 | 204;
  answer: z.ZodType | null;
  contentType?: string;
  /**
   * 404 for an unknown id; 403 when alert management is off; 401 without the token and 409
   * for a step the incident's state refuses (own page).
   */
  errors?: readonly (401 | 403 | 404 | 409)[];
}

export const errorSchema = response(
  'Error',
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
);

const documentSchema = response(
  'OpenApiDocument',
  z.record(z.string(), z.unknown()),
  'This document',
);

const incidentNotes = {
  provider: 'provider slug',
  status: '`open`: any status not closed',
  since: 'YYYY-MM-DD (UTC) or an ISO 8601 time: started (or first seen) at or after',
  until: 'YYYY-MM-DD (that whole day, UTC) or an ISO 8601 time: started (or first seen) before',
};

const get = (
  path: string,
  summary: string,
  tag: Tag,
  answer: z.ZodType,
  rest: Partial<Operation> = {},
): Operation => ({ method: 'get', path, summary, tag, answer, ...rest });

const statuspage = (path: string, summary: string, answer: z.ZodType): Operation =>
  get(`/api/v2/${path}`, `Statuspage ${summary}`, 'Statuspage v2', answer);

const manage = { tag: 'Alerts', params: subscriptionIdParams, errors: [403, 404] } as const;

/** Every `/api` route; web-openapi.test.ts checks this list against fastify's routes. */
export const OPERATIONS: readonly Operation[] = [
  get('/api/v1/providers', 'Watched providers, worst first', 'Providers', providerListSchema),
  get(
    '/api/v1/providers/{slug}',
    'One provider with its components and open incidents',
    'Providers',
    providerDetailSchema,
    { params: slugParams, errors: [404] },
  ),
  get(
    '/api/v1/providers/{slug}/components',
    "A provider's components (null when its format lists none)",
    'Providers',
    providerComponentsSchema,
    { params: slugParams, errors: [404] },
  ),
  get(
    '/api/v1/source-health',
    'Whether each source could be read, and since when not',
    'Providers',
    sourceHealthListSchema,
  ),
  get(
    '/api/v1/incidents',
    'Incidents and maintenances with their updates, newest first',
    'Incidents',
    incidentPageSchema,
    {
      query: { ...incidentFilterSchema.shape, ...pagingQuery.shape },
      notes: incidentNotes,
      // An unknown `provider` filter, as /api/v1/providers/{slug} answers it.
      errors: [404],
    },
  ),
  get('/api/v1/providers/{slug}/incidents/{id}', 'One incident', 'Incidents', oneIncidentSchema, {
    params: incidentParams,
    errors: [404],
  }),
  get(
    '/api/v1/events',
    'The event stream after a cursor; pass `next_cursor` back as `after`',
    'Events',
    eventPageSchema,
    { query: eventsQuery.shape, notes: { after: 'last event id seen' } },
  ),
  get(
    '/api/v1/search',
    'Full-text search over titles, updates and postmortems',
    'Search',
    searchResultsSchema,
    { query: searchQuery.shape, notes: incidentNotes },
  ),
  statuspage(
    'summary.json',
    'summary: page, components (one per provider), open incidents, active and upcoming maintenance, status',
    statuspageSchemas.summary,
  ),
  statuspage('status.json', 'status: the aggregate indicator', statuspageSchemas.status),
  statuspage(
    'components.json',
    'components: one per watched provider',
    statuspageSchemas.components,
  ),
  statuspage(
    'incidents.json',
    'incidents: the 50 newest across providers',
    statuspageSchemas.incidents,
  ),
  statuspage('incidents/unresolved.json', 'unresolved incidents', statuspageSchemas.incidents),
  {
    ...statuspage(
      'incidents/{id}.json',
      'incident (id is provider~vendor id)',
      statuspageSchemas.incident,
    ),
    params: statuspageIdParams,
    errors: [404],
  },
  statuspage(
    'scheduled-maintenances.json',
    'scheduled maintenances: the 50 newest',
    statuspageSchemas.maintenances,
  ),
  statuspage(
    'scheduled-maintenances/upcoming.json',
    'upcoming maintenances',
    statuspageSchemas.maintenances,
  ),
  statuspage(
    'scheduled-maintenances/active.json',
    'maintenances in progress',
    statuspageSchemas.maintenances,
  ),
  get('/api/openapi.json', 'This document', 'Meta', documentSchema),
  get('/api/docs', 'This document, rendered as HTML', 'Meta', z.string(), {
    contentType: 'text/html',
  }),
  get('/api/v1/subscriptions', 'Alert subscriptions', 'Alerts', alertSchemas.list),
  {
    method: 'post',
    path: '/api/v1/subscriptions',
    summary: 'Create a subscription (a webhook secret is returned once)',
    tag: 'Alerts',
    body: subscriptionSpecSchema,
    status: 201,
    answer: alertSchemas.created,
    errors: [403],
  },
  get('/api/v1/subscriptions/{id}', 'One subscription', 'Alerts', alertSchemas.one, {
    params: subscriptionIdParams,
    errors: [404],
  }),
  {
    ...manage,
    method: 'put',
    path: '/api/v1/subscriptions/{id}',
    summary: 'Replace a subscription',
    body: subscriptionSpecSchema,
    answer: alertSchemas.one,
  },
  {
    ...manage,
    method: 'delete',
    path: '/api/v1/subscriptions/{id}',
    summary: 'Delete a subscription',
    status: 204,
    answer: null,
  },
  {
    ...manage,
    method: 'post',
    path: '/api/v1/subscriptions/{id}/test',
    summary: 'Send a test message through the channel',
    answer: alertSchemas.testOutcome,
  },
  {
    ...manage,
    method: 'post',
    path: '/api/v1/subscriptions/{id}/resume',
    summary: 'Resume a channel paused after repeated failures',
    answer: alertSchemas.one,
  },
  get(
    '/api/v1/deliveries',
    'The delivery log, newest first; pass `next_before` back as `before`',
    'Alerts',
    alertSchemas.deliveries,
    {
      query: deliveriesQuery.shape,
      notes: { subscription: 'subscription id', before: 'delivery id to page before' },
    },
  ),
  get(
    '/api/v1/alerts/webhook-schema',
    'JSON Schema of the webhook payload (version 1)',
    'Alerts',
    alertSchemas.webhookSchema,
  ),
  ...PAGE_OPERATIONS,
];
