import { z } from 'zod';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  PROVIDER_STATUSES,
  type StoredEvent,
} from '../../../domain/index.ts';
import { int, isoTime, isoTimeOrNull, response, stringOrNull, type Assert } from './_wire.ts';

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const anyIncidentStatus = z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]);
const base = {
  id: int,
  imported: z.boolean(),
  idempotency_key: z.string(),
  provider_slug: z.string(),
  occurred_at: isoTimeOrNull,
  detected_at: isoTime,
};
const incidentBase = {
  ...base,
  incident_vendor_id: z.string(),
  title: z.string(),
  impact: z.enum(IMPACTS).nullable(),
  status: anyIncidentStatus,
};

/** One member per kind of src/domain/events.ts, fields in snake_case, times as ISO strings. */
export const eventSchema = response(
  'Event',
  z.discriminatedUnion('kind', [
    z.object({
      ...base,
      kind: z.literal('provider_status_changed'),
      from: z.enum(PROVIDER_STATUSES),
      to: z.enum(PROVIDER_STATUSES),
    }),
    z.object({
      ...base,
      kind: z.literal('component_status_changed'),
      component_vendor_id: z.string(),
      component_name: z.string(),
      from: z.enum(COMPONENT_STATUSES).nullable(),
      to: z.enum(COMPONENT_STATUSES),
    }),
    z.object({
      ...incidentBase,
      kind: z.enum([
        'incident_opened',
        'maintenance_scheduled',
        'incident_resolved',
        'incident_reopened',
        'maintenance_started',
        'maintenance_completed',
      ]),
      update_vendor_id: stringOrNull,
    }),
    z.object({
      ...incidentBase,
      kind: z.literal('incident_updated'),
      update_vendor_id: z.string(),
    }),
    z.object({
      ...incidentBase,
      kind: z.literal('incident_status_changed'),
      from: anyIncidentStatus,
      update_vendor_id: stringOrNull,
    }),
    z.object({ ...incidentBase, kind: z.literal('postmortem_published') }),
    z.object({
      ...base,
      kind: z.literal('source_failed'),
      error_kind: z.string(),
      message: z.string(),
    }),
    z.object({ ...base, kind: z.literal('source_recovered'), failures: int }),
  ]),
  'An ingest event; the fields besides the common ones depend on `kind`',
);

export const eventPageSchema = response(
  'EventPage',
  z.object({ events: z.array(eventSchema), next_cursor: int, has_more: z.boolean() }),
  'Pass `next_cursor` back as `after`; it stays put when there is nothing new',
);

export type EventJson = z.infer<typeof eventSchema>;

/** `StoredEvent` as `eventJson` writes it: keys in snake_case, `*_at` numbers as ISO strings. */
export type EventWire<E = StoredEvent> = E extends unknown
  ? { [K in keyof E & string as SnakeCase<K>]: WireValue<SnakeCase<K>, E[K]> }
  : never;
// Every stored event, renamed, is one the schema describes, and the schema describes no other.
export type EventWireCheck = Assert<EventWire extends EventJson ? true : false>;
export type EventSchemaCheck = Assert<EventJson extends EventWire ? true : false>;

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
type WireValue<K extends string, V> = K extends `${string}_at`
  ? V extends number
    ? string
    : V extends null
      ? null
      : never
  : V;
