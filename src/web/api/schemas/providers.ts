import { z } from 'zod';
import { COMPONENT_STATUSES, PROVIDER_STATUSES, SOURCE_FORMATS } from '../../../domain/index.ts';
import type { DisplayStatus } from '../../_badges.ts';
import { incidentSchema } from './incidents.ts';
import {
  int,
  isoTime,
  isoTimeOrNull,
  response,
  stringOrNull,
  type Assert,
  type Same,
} from './_wire.ts';

export const slugParams = z.object({ slug: z.string().min(1).max(100) });

const DISPLAY_STATUSES = [...PROVIDER_STATUSES, 'stale', 'failing', 'not_checked'] as const;
export type DisplayStatusCheck = Assert<Same<(typeof DISPLAY_STATUSES)[number], DisplayStatus>>;
const displayStatus = z
  .enum(DISPLAY_STATUSES)
  .describe('The stored status, or what we can tell when the source cannot be read');

export const providerSchema = response(
  'Provider',
  z.object({
    slug: z.string(),
    name: z.string(),
    page_url: z.string(),
    source_url: z.string(),
    format: z.enum(SOURCE_FORMATS),
    status: displayStatus,
    stored_status: z.enum(PROVIDER_STATUSES),
    open_incidents: int,
    maintenance_in_progress: int,
    upcoming_maintenance: int,
    last_checked_at: isoTimeOrNull,
  }),
);

export const componentSchema = response(
  'Component',
  z.object({
    id: z.string(),
    name: z.string(),
    group: stringOrNull,
    status: z.enum(COMPONENT_STATUSES),
    position: int,
  }),
);

export const sourceHealthSchema = response(
  'SourceHealth',
  z.object({
    provider: z.string(),
    status: displayStatus,
    ok: z.boolean(),
    stale: z.boolean(),
    consecutive_failures: int,
    last_success_at: isoTimeOrNull,
    last_error_at: isoTimeOrNull,
    last_error_kind: stringOrNull,
    last_error_message: stringOrNull,
    last_change_at: isoTimeOrNull,
    next_poll_at: isoTime,
  }),
);

export const providerListSchema = response(
  'ProviderList',
  z.object({ providers: z.array(providerSchema) }),
);
export const providerDetailSchema = response(
  'ProviderDetail',
  z.object({
    provider: providerSchema,
    components: z.array(componentSchema).nullable(),
    open_incidents: z.array(incidentSchema),
  }),
  'One provider, its components (null when its format lists none) and its open incidents',
);
export const providerComponentsSchema = response(
  'ProviderComponents',
  z.object({ provider: z.string(), components: z.array(componentSchema).nullable() }),
);
export const sourceHealthListSchema = response(
  'SourceHealthList',
  z.object({ sources: z.array(sourceHealthSchema) }),
);

export type ProviderJson = z.infer<typeof providerSchema>;
export type ComponentJson = z.infer<typeof componentSchema>;
export type SourceHealthJson = z.infer<typeof sourceHealthSchema>;
