import { fields, intQ, path, ref, type Operation } from './_openapi-paths.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

const subscription = fields({ subscription: ref('Subscription') });
const id = path('id');
const manage = { tag: 'Alerts', forbidden: true, notFound: true } as const;

/** The alert routes (src/web/api/alerts-routes.ts), registered when alerts are configured. */
export const ALERT_OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/api/v1/subscriptions': {
    get: { summary: 'Alert subscriptions', tag: 'Alerts', body: fields({ subscriptions: { type: 'array', items: ref('Subscription') } }) },
    post: { summary: 'Create a subscription (a webhook secret is returned once)', tag: 'Alerts', forbidden: true, status: 201, requestBody: ref('SubscriptionSpec'), body: fields({ subscription: ref('Subscription'), secret: { type: 'string' } }, ['secret']) },
  },
  '/api/v1/subscriptions/{id}': {
    get: { summary: 'One subscription', tag: 'Alerts', notFound: true, params: [id], body: subscription },
    put: { ...manage, summary: 'Replace a subscription', params: [id], requestBody: ref('SubscriptionSpec'), body: subscription },
    delete: { ...manage, summary: 'Delete a subscription', params: [id], status: 204, body: {} },
  },
  '/api/v1/subscriptions/{id}/test': {
    post: { ...manage, summary: 'Send a test message through the channel', params: [id], body: fields({ ok: { type: 'boolean' }, code: { type: ['integer', 'null'] }, detail: { type: ['string', 'null'] } }) },
  },
  '/api/v1/subscriptions/{id}/resume': {
    post: { ...manage, summary: 'Resume a channel paused after repeated failures', params: [id], body: subscription },
  },
  '/api/v1/deliveries': {
    get: {
      summary: 'The delivery log, newest first; pass `next_before` back as `before`', tag: 'Alerts',
      params: [intQ('subscription', 1, Number.MAX_SAFE_INTEGER, 'subscription id'), { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] } }, intQ('before', 1, Number.MAX_SAFE_INTEGER, 'delivery id to page before'), intQ('limit', 1, 500, 'default 50')],
      body: fields({ deliveries: { type: 'array', items: { type: 'object' } }, next_before: { type: ['integer', 'null'] } }),
    },
  },
  '/api/v1/alerts/webhook-schema': {
    get: { summary: 'JSON Schema of the webhook payload (version 1)', tag: 'Alerts', body: { type: 'object' } },
  },
}; // prettier-ignore

const strings = { type: ['array', 'null'], items: { type: 'string' } };

function allRequired(properties: Record<string, unknown>) {
  return { type: 'object', properties, required: Object.keys(properties) };
}

export const ALERT_SCHEMAS = {
  SubscriptionSpec: {
    type: 'object',
    description:
      'What to alert on and where: see src/alerts/subscription.ts. `minimum_impact` in snake_case.',
  },
  Subscription: allRequired({
    id: { type: 'integer' },
    name: { type: ['string', 'null'] },
    providers: strings,
    components: strings,
    groups: strings,
    minimum_impact: { type: ['string', 'null'] },
    events: strings,
    channel: {
      type: 'object',
      description: '`format` is present for webhooks only.',
      properties: {
        kind: { type: 'string' }, target: { type: 'string' }, format: { type: 'string' },
        paused: { type: 'boolean' }, paused_at: { type: ['string', 'null'], format: 'date-time' },
        consecutive_failures: { type: 'integer' }, last_error: { type: ['string', 'null'] },
      }, // prettier-ignore
      required: ['kind', 'target', 'paused', 'paused_at', 'consecutive_failures', 'last_error'],
    },
    created_at: { type: ['string', 'null'], format: 'date-time' },
  }),
};
