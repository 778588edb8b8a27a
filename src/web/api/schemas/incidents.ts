import { z } from 'zod';
import {
  ANOMALY_KINDS,
  COMPONENT_STATUSES,
  DURATION_ANOMALIES,
  IMPACTS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type IncidentSummaryV1,
} from '../../../domain/index.ts';
import {
  int,
  intOrNull,
  isoTime,
  isoTimeOrNull,
  response,
  stringOrNull,
  type Assert,
  type Same,
} from './_wire.ts';

export const limitParam = z.coerce.number().int().min(1).max(500).default(50);
export const offsetParam = z.coerce.number().int().min(0).max(1_000_000).default(0);
export const pagingQuery = z.object({ limit: limitParam, offset: offsetParam });
export const incidentParams = z.object({
  slug: z.string().min(1).max(100),
  id: z.string().min(1).max(500),
});

const anyIncidentStatus = z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]);
const componentStatusOrNull = z.enum(COMPONENT_STATUSES).nullable();

/** `statuswatch.incidents.v1`: also what `statuswatch incidents --json` prints. */
export const incidentSummarySchema = response(
  'IncidentSummary',
  z.object({
    provider: z.string(),
    id: z.string(),
    title: z.string(),
    kind: z.enum(INCIDENT_KINDS),
    impact: z.enum(IMPACTS).nullable().describe('null when the vendor gives none (feeds)'),
    status: anyIncidentStatus,
    started_at: isoTimeOrNull,
    resolved_at: isoTimeOrNull,
    duration_minutes: intOrNull,
    duration_anomaly: z.enum(DURATION_ANOMALIES).nullable(),
    update_count: int,
    first_seen_at: isoTime,
    backfilled: z.boolean(),
    url: stringOrNull,
    impact_started_at: isoTimeOrNull,
    impact_ended_at: isoTimeOrNull,
    impact_source_sentence: stringOrNull,
    posting_lag_minutes: intOrNull,
    postmortem_delay_minutes: intOrNull,
    postmortem_published_at: isoTimeOrNull,
  }),
);
// The CLI's JSON and the API's are one shape: the domain type and this schema must agree.
export type IncidentSummaryCheck = Assert<
  Same<IncidentSummaryV1, z.infer<typeof incidentSummarySchema>>
>;

const affectedComponent = z.object({
  id: stringOrNull,
  name: z.string(),
  old_status: componentStatusOrNull,
  new_status: componentStatusOrNull,
});

const incidentComponent = affectedComponent.extend({
  derived: z
    .boolean()
    .describe('Found in the title or updates at ingest, not listed by the vendor'),
});

export const incidentUpdateSchema = response(
  'IncidentUpdate',
  z.object({
    id: z.string(),
    status: anyIncidentStatus,
    label: stringOrNull,
    body_html: z.string(),
    body_text: z.string(),
    displayed_at: isoTimeOrNull,
    created_at: isoTimeOrNull,
    affected_components: z.array(affectedComponent),
  }),
);

export const incidentSchema = response(
  'Incident',
  incidentSummarySchema.extend({
    created_at: isoTimeOrNull,
    monitoring_at: isoTimeOrNull,
    scheduled_for: isoTimeOrNull,
    scheduled_until: isoTimeOrNull,
    shortlink: stringOrNull,
    components: z.array(incidentComponent),
    updates: z.array(incidentUpdateSchema),
    postmortem: z
      .object({ body_html: z.string(), body_text: z.string(), published_at: isoTimeOrNull })
      .nullable(),
    previous_titles: z.array(z.string()),
    anomalies: z.array(z.object({ kind: z.enum(ANOMALY_KINDS), reason: z.string() })),
  }),
  'IncidentSummary plus everything the incident page shows',
);

export const incidentPageSchema = response(
  'IncidentPage',
  z.object({
    schema: z.literal('statuswatch.incidents.v1'),
    limit: int,
    offset: int,
    has_more: z.boolean(),
    incidents: z.array(incidentSchema),
  }),
);

export const oneIncidentSchema = response('OneIncident', z.object({ incident: incidentSchema }));

export type IncidentJson = z.infer<typeof incidentSchema>;
