import { z } from 'zod';
import { ALERT_KINDS, EVENT_KINDS, IMPACTS } from '../../domain/index.ts';
import { isoTime, statusWords, type AlertMessage } from '../message.ts';

const isoTimeString = z.iso.datetime().describe('UTC, ISO 8601');

/**
 * The webhook body, version 1. Additive changes keep the version; anything else makes a v2 that
 * subscribers opt in to. Published as JSON Schema at /api/v1/alerts/webhook-schema.
 */
export const webhookPayloadV1Schema = z
  .strictObject({
    schema: z.literal('statuswatch.alert/v1'),
    idempotency_key: z.string().describe('Same on every retry of this delivery: drop repeats'),
    test: z.boolean().describe('True for `statuswatch alerts test`'),
    event: z.strictObject({
      id: z.number().int(),
      kind: z.enum(EVENT_KINDS),
      alert_kind: z.enum(ALERT_KINDS).nullable(),
      vendor_posted_at: isoTimeString.nullable(),
      detected_at: isoTimeString,
    }),
    provider: z.strictObject({
      slug: z.string(),
      name: z.string(),
      page_url: z.string().nullable(),
    }),
    title: z.string(),
    impact: z.enum(IMPACTS).nullable(),
    status: z.string().describe('Incident, maintenance or component status word'),
    update: z.strictObject({ text: z.string(), posted_at: isoTimeString.nullable() }).nullable(),
    incident_id: z.string().nullable().describe("The vendor's incident id"),
    component: z
      .strictObject({
        id: z.string(),
        name: z.string(),
        from: z.string().nullable(),
        to: z.string(),
      })
      .nullable(),
    first_seen_at: isoTimeString,
    links: z.strictObject({
      statuswatch: z.url().describe('Our page for the incident or provider'),
      vendor: z.string().nullable(),
    }),
  })
  .meta({ title: 'statuswatch webhook alert, version 1' });
export type WebhookPayloadV1 = z.infer<typeof webhookPayloadV1Schema>;

export function webhookPayloadV1(message: AlertMessage): WebhookPayloadV1 {
  const c = message.component;
  return {
    schema: 'statuswatch.alert/v1',
    idempotency_key: message.idempotencyKey,
    test: message.isTest,
    event: {
      id: message.eventId,
      kind: message.eventKind,
      alert_kind: message.alertKind,
      vendor_posted_at: maybeIso(message.vendorPostedAt),
      detected_at: isoTime(message.detectedAt),
    },
    provider: {
      slug: message.provider.slug,
      name: message.provider.name,
      page_url: message.provider.pageUrl,
    },
    title: message.title,
    impact: message.impact,
    status: message.status,
    update:
      message.update === null
        ? null
        : { text: message.update.text, posted_at: maybeIso(message.update.postedAt) },
    incident_id: message.incidentId,
    component: c === null ? null : { id: c.vendorId, name: c.name, from: c.from, to: c.to },
    first_seen_at: isoTime(message.firstSeenAt),
    links: { statuswatch: message.ourUrl, vendor: message.vendorUrl },
  };
}

/**
 * The shape Atlassian Statuspage posts to its webhook subscribers, for receivers written for it:
 * `incident` with `incident_updates`, or `component_update` with `component`. Written from
 * Atlassian's documentation (support.atlassian.com/statuspage/docs/enable-webhook-notifications),
 * not from a capture: no webhook body is among the shared captures. Invented, ours: `page.id` is
 * our slug, `incident_updates[].id` our event key, `component_update.id` our event number,
 * `meta.documentation` our project's address.
 */
export function statuspageEnvelope(
  message: AlertMessage,
  /** The own page's subscribers: how to unsubscribe the endpoint, as Statuspage's meta says. */
  unsubscribeUrl?: string,
): Record<string, unknown> {
  const now = isoTime(message.detectedAt);
  const envelope: Record<string, unknown> = {
    meta: {
      unsubscribe: unsubscribeUrl ?? message.ourUrl,
      documentation: 'https://github.com/statuswatch/statuswatch',
      generated_at: now,
      idempotency_key: message.idempotencyKey,
    },
    page: {
      id: message.provider.slug,
      status_indicator: indicatorOf(message),
      status_description: statusWords(message.status),
    },
  };
  const c = message.component;
  if (c !== null) {
    envelope.component_update = {
      created_at: now,
      new_status: c.to,
      old_status: c.from,
      id: `${message.eventId}`,
      component_id: c.vendorId,
    };
    envelope.component = { created_at: now, id: c.vendorId, name: c.name, status: c.to };
    return envelope;
  }
  envelope.incident = {
    id: message.incidentId ?? `${message.eventId}`,
    name: message.title,
    status: message.status,
    impact: message.impact ?? 'none',
    created_at: isoTime(message.firstSeenAt),
    updated_at: maybeIso(message.update?.postedAt ?? null) ?? now,
    shortlink: message.vendorUrl ?? message.ourUrl,
    incident_updates:
      message.update === null
        ? []
        : [
            {
              id: message.idempotencyKey,
              status: message.status,
              body: message.update.text,
              created_at: maybeIso(message.update.postedAt) ?? now,
              display_at: maybeIso(message.update.postedAt) ?? now,
            },
          ],
  };
  return envelope;
}

// --- internal ---

function maybeIso(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

function indicatorOf(message: AlertMessage): string {
  const impact = message.impact;
  if (impact === 'minor' || impact === 'major' || impact === 'critical') return impact;
  return 'none';
}
