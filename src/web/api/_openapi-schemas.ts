import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
} from '../../domain/index.ts';

/** JSON Schemas (OpenAPI 3.1 uses JSON Schema 2020-12) of what the API answers. */

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const int = { type: 'integer' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const list = (items: unknown) => ({ type: 'array', items });

const displayStatus = {
  type: 'string',
  enum: [...COMPONENT_STATUSES, 'unknown', 'stale', 'failing', 'not_checked'],
};
const affected = obj({
  id: nullableStr,
  name: str,
  old_status: nullableStr,
  new_status: nullableStr,
});

const incidentComponent = obj({
  id: nullableStr,
  name: str,
  old_status: nullableStr,
  new_status: nullableStr,
  derived: { type: 'boolean', description: 'Found in the title/updates at ingest, not listed by the vendor' },
}); // prettier-ignore

const incidentSummary = obj({
  provider: str,
  id: str,
  title: str,
  kind: { type: 'string', enum: [...INCIDENT_KINDS] },
  impact: { type: ['string', 'null'], enum: [...IMPACTS, null] },
  status: { type: 'string', enum: [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] },
  started_at: time,
  resolved_at: time,
  duration_minutes: { type: ['integer', 'null'] },
  duration_anomaly: nullableStr,
  update_count: int,
  first_seen_at: { type: 'string', format: 'date-time' },
  backfilled: { type: 'boolean' },
  url: nullableStr,
  impact_started_at: time,
  impact_ended_at: time,
  impact_source_sentence: nullableStr,
  posting_lag_minutes: { type: ['integer', 'null'] },
  postmortem_delay_minutes: { type: ['integer', 'null'] },
  postmortem_published_at: time,
});

const update = obj({
  id: str,
  status: str,
  label: nullableStr,
  body_html: str,
  body_text: str,
  displayed_at: time,
  created_at: time,
  affected_components: list(affected),
});

// Fields only `components.json` sends (Statuspage's own constants among them) are optional:
// an incident's `components` carry the common ones.
const spComponent = obj(
  { id: str, name: str, status: { type: 'string', enum: [...COMPONENT_STATUSES] }, position: int, group_id: nullableStr, group: { type: 'boolean' }, description: nullableStr, page_id: str,
    created_at: time, updated_at: time, showcase: { type: 'boolean' }, start_date: nullableStr, only_show_if_degraded: { type: 'boolean' },
    derived: { type: 'boolean', description: "Not Statuspage's: on an incident, true when found in its words, not listed by the vendor" } },
  ['id', 'name', 'status', 'position', 'group_id', 'group', 'page_id'],
); // prettier-ignore
const spUpdate = obj({ id: str, status: str, body: str, incident_id: str, created_at: time, updated_at: time, display_at: time, affected_components: list(obj({ code: nullableStr, name: str, old_status: nullableStr, new_status: nullableStr })), deliver_notifications: { type: 'boolean' }, custom_tweet: nullableStr, tweet_id: nullableStr }); // prettier-ignore
const spIncident = obj(
  { id: str, name: str, status: str, impact: { type: 'string', enum: [...IMPACTS] }, impact_derived: { type: 'boolean' }, created_at: time, updated_at: time, started_at: time, monitoring_at: time, resolved_at: time, shortlink: nullableStr, page_id: str, incident_updates: list(ref('StatuspageIncidentUpdate')), components: list(ref('StatuspageComponent')),
    postmortem_body: nullableStr, postmortem_published_at: time, scheduled_for: time, scheduled_until: time },
  ['id', 'name', 'status', 'impact', 'impact_derived', 'created_at', 'updated_at', 'started_at', 'monitoring_at', 'resolved_at', 'shortlink', 'page_id', 'incident_updates', 'components', 'postmortem_body', 'postmortem_published_at'],
); // prettier-ignore
const spPage = obj({ id: str, name: str, url: str, time_zone: str, updated_at: time });
const spStatus = obj({
  indicator: { type: 'string', enum: ['none', 'minor', 'major', 'critical'] },
  description: str,
});

export const OPENAPI_SCHEMAS = {
  Error: obj({ error: obj({ code: str, message: str }) }),
  Provider: obj({
    slug: str, name: str, page_url: str, source_url: str, format: str, status: displayStatus,
    stored_status: str, open_incidents: int, maintenance_in_progress: int,
    upcoming_maintenance: int, last_checked_at: time,
  }), // prettier-ignore
  Component: obj({ id: str, name: str, group: nullableStr, status: str, position: int }),
  IncidentSummary: incidentSummary,
  IncidentUpdate: update,
  Incident: {
    allOf: [
      ref('IncidentSummary'),
      obj({
        created_at: time, monitoring_at: time, scheduled_for: time, scheduled_until: time,
        shortlink: nullableStr, components: list(incidentComponent), updates: list(ref('IncidentUpdate')),
        postmortem: { oneOf: [{ type: 'null' }, obj({ body_html: str, body_text: str, published_at: time })] },
        previous_titles: list(str), anomalies: list(obj({ kind: str, reason: str })),
      }), // prettier-ignore
    ],
  },
  Event: {
    type: 'object',
    description: 'An ingest event; fields beyond these depend on `kind` (see src/domain/events.ts).',
    properties: { id: int, kind: str, provider_slug: str, occurred_at: time, detected_at: time, imported: { type: 'boolean' } },
    required: ['id', 'kind', 'provider_slug', 'detected_at', 'imported'],
  }, // prettier-ignore
  SourceHealth: obj({
    provider: str, status: displayStatus, ok: { type: 'boolean' }, stale: { type: 'boolean' },
    consecutive_failures: int, last_success_at: time, last_error_at: time, last_error_kind: nullableStr,
    last_error_message: nullableStr, last_change_at: time, next_poll_at: time,
  }), // prettier-ignore
  SearchHit: obj({
    incident: ref('IncidentSummary'),
    snippet: list(obj({ text: str, match: { type: 'boolean' } })),
  }),
  StatuspagePage: spPage,
  StatuspageStatus: spStatus,
  StatuspageComponent: spComponent,
  StatuspageIncidentUpdate: spUpdate,
  StatuspageIncident: spIncident,
  StatuspageDocument: {
    type: 'object',
    description: 'Atlassian Statuspage v2 shape: which lists are present depends on the endpoint.',
    properties: {
      page: ref('StatuspagePage'),
      status: ref('StatuspageStatus'),
      components: list(ref('StatuspageComponent')),
      incidents: list(ref('StatuspageIncident')),
      scheduled_maintenances: list(ref('StatuspageIncident')),
      incident: ref('StatuspageIncident'),
    },
    required: ['page'],
  },
};
