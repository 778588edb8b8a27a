import { z } from 'zod';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
} from '../../../domain/index.ts';
import type {
  componentsJson,
  incidentJsonV2,
  pageJson,
  statusJson,
} from '../../statuspage-compat/_statuspage-shape.ts';
import {
  int,
  isoTime,
  isoTimeOrNull,
  response,
  stringOrNull,
  type Assert,
  type Fits,
  type Same,
} from './_wire.ts';

/** `/api/v2/incidents/{id}.json`: `provider~vendorId`. */
export const statuspageIdParams = z.object({ id: z.string().min(3).max(600) });

// The shapes of src/web/statuspage-compat/_statuspage-shape.ts; the constants (`showcase`,
// `deliver_notifications`, …) are Statuspage's own fields, sent with the only value we have.
const componentStatus = z.enum(COMPONENT_STATUSES);

const page = response(
  'StatuspagePage',
  z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: isoTime,
  }),
);

const status = response(
  'StatuspageStatus',
  z.object({
    indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
    description: z.string(),
  }),
);

const component = response(
  'StatuspageComponent',
  z.object({
    id: z.string(),
    name: z.string(),
    status: componentStatus,
    created_at: isoTime,
    updated_at: isoTime,
    position: int,
    description: stringOrNull,
    showcase: z.boolean(),
    start_date: z.null(),
    group_id: z.null(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
  }),
  'A watched provider as a Statuspage component',
);

const update = z.object({
  id: z.string(),
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  body: z.string(),
  incident_id: z.string(),
  created_at: isoTimeOrNull,
  updated_at: isoTimeOrNull,
  display_at: isoTimeOrNull,
  affected_components: z
    .array(
      z.object({
        code: stringOrNull,
        name: z.string(),
        old_status: componentStatus.nullable(),
        new_status: componentStatus.nullable(),
      }),
    )
    .nullable()
    .describe('null when the update names no component, as Statuspage sends it'),
  deliver_notifications: z.boolean(),
  custom_tweet: z.null(),
  tweet_id: z.null(),
});

const incident = response(
  'StatuspageIncident',
  z.object({
    id: z.string().describe('provider~vendor id'),
    name: z.string(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    created_at: isoTime,
    updated_at: isoTime,
    monitoring_at: isoTimeOrNull,
    resolved_at: isoTimeOrNull,
    impact: z.enum(IMPACTS),
    impact_derived: z
      .boolean()
      .describe("Not Statuspage's: true when the vendor gave no impact and it was derived"),
    shortlink: z.string(),
    started_at: isoTimeOrNull,
    page_id: z.string(),
    scheduled_for: isoTimeOrNull.optional().describe('Maintenances only'),
    scheduled_until: isoTimeOrNull.optional().describe('Maintenances only'),
    incident_updates: z.array(update),
    components: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: componentStatus,
        created_at: z.null().describe('Not stored by statuswatch for a vendor component'),
        updated_at: isoTimeOrNull.describe('The last update that named the component'),
        position: int,
        description: z.null().describe('Not stored by statuswatch for a vendor component'),
        showcase: z.boolean(),
        start_date: z.null(),
        group_id: z.null(),
        page_id: z.string(),
        group: z.boolean(),
        only_show_if_degraded: z.boolean(),
        derived: z
          .boolean()
          .optional()
          .describe(
            "Not Statuspage's: present when found in the incident's words, not vendor-listed",
          ),
      }),
    ),
    postmortem_body: stringOrNull,
    postmortem_published_at: isoTimeOrNull,
  }),
);

const incidents = z.array(incident);
const withPage = <T extends z.ZodRawShape>(shape: T) => z.object({ page, ...shape });

/** Each `/api/v2` document: `page` plus what the endpoint lists. */
export const statuspageSchemas = {
  summary: response(
    'StatuspageSummary',
    withPage({
      components: z.array(component),
      incidents,
      scheduled_maintenances: incidents,
      status,
    }),
  ),
  status: response('StatuspageStatusDocument', withPage({ status })),
  components: response('StatuspageComponents', withPage({ components: z.array(component) })),
  incidents: response('StatuspageIncidents', withPage({ incidents })),
  maintenances: response('StatuspageMaintenances', withPage({ scheduled_maintenances: incidents })),
  incident: response('StatuspageIncidentDocument', withPage({ incident })),
};

// The shape functions (typed by inference) and these schemas must agree. `statusJson` infers
// `indicator` as any string, so only its field names can be compared.
export type StatuspageChecks = [
  Assert<Same<ReturnType<typeof pageJson>, z.infer<typeof page>>>,
  Assert<Same<ReturnType<typeof componentsJson>[number], z.infer<typeof component>>>,
  Assert<Fits<ReturnType<typeof incidentJsonV2>, z.infer<typeof incident>>>,
  Assert<Same<keyof ReturnType<typeof statusJson>, keyof z.infer<typeof status>>>,
];
