import { z } from 'zod';
import {
  componentStatusSchema,
  draftPostmortemSchema,
  maintenanceStepSchema,
  openIncidentSchema,
  postUpdateSchema,
  resolveIncidentSchema,
  scheduleMaintenanceSchema,
} from '../../../own-page/index.ts';
import { isoTime, request, response } from './_wire.ts';

/**
 * `/api/v1/page/…`: the request bodies are own-page's action schemas (src/own-page/actions.ts),
 * each less the field the path names (`code`, a component's `id`), so the API, the CLI and the
 * admin forms refuse the same input with the same words and the document cannot drift from
 * the rules. No body takes `at`: the API writes at the server's clock, unlike the CLI's `--at`.
 */

const codeField = postUpdateSchema.shape.code;
export const pageCodeParams = z.object({ code: codeField });
export const pageComponentParams = z.object({ id: componentStatusSchema.shape.id });

export const pageBodies = {
  open: request('PageIncidentOpen', openIncidentSchema, 'incident.open'),
  update: request('PageIncidentUpdate', postUpdateSchema.omit({ code: true }), 'incident.update'),
  resolve: request(
    'PageIncidentResolve',
    resolveIncidentSchema.omit({ code: true }),
    'incident.resolve',
  ),
  draft: request(
    'PagePostmortemDraft',
    draftPostmortemSchema.omit({ code: true }),
    'postmortem.draft',
  ),
  component: request(
    'PageComponentStatus',
    componentStatusSchema.omit({ id: true }),
    'component.set',
  ),
  schedule: request(
    'PageMaintenanceSchedule',
    scheduleMaintenanceSchema,
    'maintenance.schedule: scheduledFor and scheduledUntil are epoch milliseconds',
  ),
  step: request(
    'PageMaintenanceStep',
    maintenanceStepSchema.omit({ code: true }),
    'maintenance.start and maintenance.complete',
  ),
};

/** A drafted postmortem: never in any public read until published. */
export const postmortemDraftSchema = response(
  'PagePostmortemDraftAnswer',
  z.object({
    draft: z.object({
      code: z.string(),
      body_text: z.string(),
      body_html: z.string(),
      drafted_at: isoTime,
    }),
  }),
  'A postmortem drafted and not yet published (token only)',
);

export type PostmortemDraftJson = z.infer<typeof postmortemDraftSchema>;
