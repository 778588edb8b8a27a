import { z } from 'zod';
import { COMPONENT_STATUSES, StatuswatchError } from '../domain/index.ts';

/**
 * One schema per authoring action: the CLI (and later the API and forms) parse with these, so
 * every entry point refuses the same input with the same words. Component changes name
 * components by id: `{ "api": "major_outage" }`.
 */

const title = z.string().trim().min(1, 'a title is required').max(255);
const body = z.string().trim().min(1, 'a message is required').max(20_000);
const code = z
  .string()
  .regex(/^[a-z0-9]{12}$/, 'an incident code is 12 lowercase letters and digits');
const componentChanges = z.record(z.string().min(1), z.enum(COMPONENT_STATUSES)).default({});

export const INCIDENT_UPDATE_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;

export const openIncidentSchema = z.strictObject({
  title,
  status: z.enum(INCIDENT_UPDATE_STATUSES).default('investigating'),
  impact: z.enum(['none', 'minor', 'major', 'critical']).default('none'),
  body,
  components: componentChanges,
});

export const postUpdateSchema = z.strictObject({
  code,
  status: z.enum(INCIDENT_UPDATE_STATUSES),
  body,
  components: componentChanges,
  /** Statuspage lets an update raise or lower the incident's impact. */
  impact: z.enum(['none', 'minor', 'major', 'critical']).optional(),
});

export const resolveIncidentSchema = z.strictObject({
  code,
  body: body.default('This incident has been resolved.'),
  /** Left out: every component the incident touched goes back to operational. */
  components: z.record(z.string().min(1), z.enum(COMPONENT_STATUSES)).optional(),
});

export const draftPostmortemSchema = z.strictObject({ code, body });
export const publishPostmortemSchema = z.strictObject({ code });

export const scheduleMaintenanceSchema = z
  .strictObject({
    title,
    body,
    scheduledFor: z.number().int(),
    scheduledUntil: z.number().int(),
    components: z.array(z.string().min(1)).default([]),
  })
  .refine((m) => m.scheduledUntil > m.scheduledFor, {
    message: 'the maintenance must end after it starts',
    path: ['scheduledUntil'],
  });

export const maintenanceStepSchema = z.strictObject({
  code,
  body: body.optional(),
});

export const componentStatusSchema = z.strictObject({
  id: z.string().min(1),
  status: z.enum(COMPONENT_STATUSES),
});

export type OpenIncident = z.input<typeof openIncidentSchema>;
export type PostUpdate = z.input<typeof postUpdateSchema>;
export type ResolveIncident = z.input<typeof resolveIncidentSchema>;
export type DraftPostmortem = z.input<typeof draftPostmortemSchema>;
export type PublishPostmortem = z.input<typeof publishPostmortemSchema>;
export type ScheduleMaintenance = z.input<typeof scheduleMaintenanceSchema>;
export type MaintenanceStep = z.input<typeof maintenanceStepSchema>;
export type ComponentStatusChange = z.input<typeof componentStatusSchema>;

/** Parses an action's input; a failure is one `invalid_input` error naming each bad field. */
export function parseAction<S extends z.ZodType>(
  schema: S,
  input: unknown,
  action: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    return `${where}${issue.message}`;
  });
  throw new StatuswatchError('invalid_input', `${action}: ${problems.join('; ')}`);
}
