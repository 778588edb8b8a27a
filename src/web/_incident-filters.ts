import { z } from 'zod';
import {
  IMPACTS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
} from '../domain/index.ts';
import type { IncidentQuery } from '../storage/store.ts';

export const IMPACT_FILTERS = [...IMPACTS, 'unknown'] as const;
export const STATUS_FILTERS = ['open', ...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;

/** "2024-01-31" (UTC midnight) or a full ISO 8601 time → epoch ms. */
const time = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected YYYY-MM-DD or an ISO 8601 time',
  )
  .transform((value, ctx) => {
    const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    // Date.parse rolls "2024-02-30" over to March; a date that does not exist is an error.
    const sameDay =
      !Number.isNaN(ms) && value.length === 10 && new Date(ms).toISOString().startsWith(value);
    if (Number.isNaN(ms) || (value.length === 10 && !sameDay)) {
      ctx.addIssue({ code: 'custom', message: `not a valid date: ${value}` });
      return z.NEVER;
    }
    return ms;
  });

const DAY = 86_400_000;

/**
 * "Until" includes the day it names: `until=2024-01-31` keeps incidents of Jan 31, so the bound
 * given to the store (which compares with `<`) is the next midnight; a full time includes itself.
 */
const untilTime = z.string().transform((value, ctx) => {
  const parsed = time.safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid' });
    return z.NEVER;
  }
  return parsed.data + (value.length === 10 ? DAY : 1);
});

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The filters shared by `/incidents` and `/api/v1/incidents`; empty form fields mean "any". */
export const incidentFilterSchema = z
  .object({
    provider: optional(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'not a provider slug')),
    impact: optional(z.enum(IMPACT_FILTERS)),
    kind: optional(z.enum(INCIDENT_KINDS)),
    status: optional(z.enum(STATUS_FILTERS)),
    since: optional(time),
    until: optional(untilTime),
  })
  .refine((f) => f.since === undefined || f.until === undefined || f.since < f.until, {
    message: 'since must not be after until',
    path: ['since'],
  });

export type IncidentFilters = z.infer<typeof incidentFilterSchema>;

export function toIncidentQuery(f: IncidentFilters): IncidentQuery {
  return {
    ...(f.provider !== undefined ? { providerSlug: f.provider } : {}),
    ...(f.impact !== undefined ? { impact: f.impact } : {}),
    ...(f.kind !== undefined ? { kind: f.kind } : {}),
    ...(f.status === 'open'
      ? { openOnly: true }
      : f.status !== undefined
        ? { status: f.status }
        : {}),
    ...(f.since !== undefined ? { since: f.since } : {}),
    ...(f.until !== undefined ? { until: f.until } : {}),
  };
}
