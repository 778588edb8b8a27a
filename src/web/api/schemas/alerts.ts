import { z } from 'zod';
import {
  ALERT_KINDS,
  CHANNEL_KINDS,
  MINIMUM_IMPACTS,
  chatSettingsSchema,
  emailSettingsSchema,
  subscriptionInputSchema,
  webhookSettingsSchema,
} from '../../../alerts/index.ts';
import { EVENT_KINDS } from '../../../domain/index.ts';
import { DELIVERY_STATUSES } from '../../../storage/alert-store.ts';
import {
  int,
  intOrNull,
  isoTime,
  isoTimeOrNull,
  positiveId,
  request,
  response,
  stringOrNull,
} from './_wire.ts';

export const subscriptionIdParams = z.object({ id: positiveId });
export const deliveriesQuery = z.object({
  subscription: positiveId.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  before: positiveId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * The body of POST and PUT, described with the schemas src/alerts validates it with: the
 * subscription's (with `minimum_impact` in snake_case on the wire) and each channel's settings.
 */
const filters = subscriptionInputSchema.omit({ minimumImpact: true, channel: true }).shape;
export const subscriptionSpecSchema = request(
  'SubscriptionSpec',
  z.strictObject({
    ...filters,
    minimum_impact: subscriptionInputSchema.shape.minimumImpact,
    channel: z.discriminatedUnion('kind', [
      // The secret's default is generated per subscription: the document says so in words.
      webhookSettingsSchema.extend({
        secret: webhookSettingsSchema.shape.secret
          .unwrap()
          .optional()
          .describe(
            'HMAC key for the signature header; generated (and returned once) when not given',
          ),
      }),
      emailSettingsSchema,
      chatSettingsSchema('slack'),
      chatSettingsSchema('discord'),
      chatSettingsSchema('teams'),
    ]),
  }),
  'What to alert on and where (src/alerts/subscription.ts)',
);

export const subscriptionSchema = response(
  'Subscription',
  z.object({
    id: int,
    name: z.string(),
    providers: z.union([z.literal('all'), z.array(z.string())]),
    components: z.array(z.string()),
    groups: z.array(z.string()),
    minimum_impact: z.enum(MINIMUM_IMPACTS),
    events: z.array(z.enum(ALERT_KINDS)),
    channel: z.object({
      kind: z.enum(CHANNEL_KINDS),
      target: z.string(),
      format: z.string().optional().describe('Webhooks only'),
      paused: z.boolean(),
      paused_at: isoTimeOrNull,
      consecutive_failures: int,
      last_error: stringOrNull,
    }),
    created_at: isoTime,
  }),
  'A subscription as stored, without its secret',
);

const oneSubscription = z.object({ subscription: subscriptionSchema });

const deliverySchema = response(
  'Delivery',
  z.object({
    id: int,
    subscription_id: int,
    event_id: int,
    event_kind: z.enum(EVENT_KINDS),
    provider: z.string(),
    idempotency_key: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: int,
    next_attempt_at: isoTimeOrNull.describe('Pending deliveries only'),
    created_at: isoTime,
    vendor_posted_at: isoTimeOrNull,
    detected_at: isoTime,
    handed_at: isoTimeOrNull,
    last_error: stringOrNull,
    log: z.array(
      z.object({
        attempted_at: isoTime,
        result: z.enum(['delivered', 'failed', 'dead']),
        response_code: intOrNull,
        detail: stringOrNull,
        latency_ms: z.number(),
      }),
    ),
  }),
  'One message for one subscription, with its attempts oldest first',
);

export const alertSchemas = {
  list: response('SubscriptionList', z.object({ subscriptions: z.array(subscriptionSchema) })),
  one: response('OneSubscription', oneSubscription),
  created: response(
    'CreatedSubscription',
    oneSubscription.extend({
      secret: z.string().optional().describe('Webhooks only: shown this once'),
    }),
  ),
  testOutcome: response(
    'TestOutcome',
    z.object({
      ok: z.boolean(),
      code: intOrNull.describe('HTTP status or SMTP reply code'),
      detail: stringOrNull,
    }),
  ),
  deliveries: response(
    'DeliveryPage',
    z.object({ deliveries: z.array(deliverySchema), next_before: intOrNull }),
    'Pass `next_before` back as `before`; null on the last page',
  ),
  webhookSchema: response(
    'WebhookPayloadJsonSchema',
    z.record(z.string(), z.unknown()),
    'JSON Schema (2020-12) of the webhook payload, version 1',
  ),
};

export type AlertAnswer<K extends keyof typeof alertSchemas> = z.infer<(typeof alertSchemas)[K]>;
export type SubscriptionJson = z.infer<typeof subscriptionSchema>;
export type DeliveryJson = z.infer<typeof deliverySchema>;
