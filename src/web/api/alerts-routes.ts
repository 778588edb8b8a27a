import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  createSubscription,
  replaceSubscription,
  requireSubscription,
  sendTestMessage,
  subscriptionView,
  subscriptionViews,
  webhookPayloadV1Schema,
  type Channels,
  type SubscriptionView,
} from '../../alerts/index.ts';
import type { EpochMs } from '../../domain/index.ts';
import type { DeliveryRecord } from '../../storage/alert-store.ts';
import type { Store } from '../../storage/store.ts';
import { INTERNAL_ERROR, RECEIVER_FAILED, errorAnswer } from '../_error-answer.ts';
import { HttpError } from '../_http.ts';
import { iso } from './_json.ts';
import {
  deliveriesQuery,
  subscriptionIdParams,
  type AlertAnswer,
  type DeliveryJson,
  type SubscriptionJson,
} from './schemas/alerts.ts';

export interface AlertRoutesDeps {
  store: Store;
  /** null: subscriptions can be read but not created, changed or tested (403). */
  channels: Channels | null;
  /** Base of the links in test messages. */
  publicUrl: string;
  clock?: () => EpochMs;
}

const idParams = subscriptionIdParams;

/**
 * `/api/v1/subscriptions` (CRUD, test, resume), `/api/v1/deliveries` (the delivery log) and
 * `/api/v1/alerts/webhook-schema`. Bodies are JSON in snake_case; errors are
 * `{"error":{"code","message"}}`. Nothing here is cached: it is the operator's live state.
 */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertRoutesDeps): void {
  const clock = deps.clock ?? Date.now;
  const { store } = deps;
  const mutable = (): Channels => {
    if (deps.channels === null) throw new HttpError(403, 'forbidden', 'alert management is off');
    return deps.channels;
  };
  const route = (
    handler: (params: unknown, body: unknown, query: unknown) => Promise<[number, unknown]>,
  ) =>
    async function (
      request: { params: unknown; body: unknown; query: unknown },
      reply: FastifyReply,
    ): Promise<FastifyReply> {
      let answer: [number, unknown];
      try {
        answer = await handler(request.params, request.body, request.query);
      } catch (error) {
        const known = errorAnswer(error, RECEIVER_FAILED);
        // Ours to fix: the server's error handler logs it and answers 500.
        if (known === null || known === INTERNAL_ERROR) throw error;
        answer = [known.status, { error: { code: known.code, message: known.message } }];
      }
      const [status, payload] = answer;
      reply.code(status).header('cache-control', 'no-store');
      return status === 204 ? reply.send() : reply.type('application/json').send(payload);
    };

  app.get('/api/v1/subscriptions', route(async () => [200, { subscriptions: (await subscriptionViews(store)).map(viewJson) }]));
  app.post('/api/v1/subscriptions', route(async (_p, body) => {
    const created = await createSubscription(store, mutable(), fromWire(body), clock());
    const view = await viewOf(store, created.id);
    // The generated webhook secret is shown once, here.
    const secret = created.spec.channel.kind === 'webhook' ? created.spec.channel.secret : undefined;
    return [201, { subscription: view, ...(secret === undefined ? {} : { secret }) } satisfies AlertAnswer<'created'>];
  }));
  app.get('/api/v1/subscriptions/:id', route(async (params) => {
    const { id } = parse(idParams, params, 'path');
    await requireSubscription(store, id);
    return [200, { subscription: await viewOf(store, id) }];
  }));
  app.put('/api/v1/subscriptions/:id', route(async (params, body) => {
    const { id } = parse(idParams, params, 'path');
    await replaceSubscription(store, mutable(), id, fromWire(body));
    return [200, { subscription: await viewOf(store, id) }];
  }));
  app.delete('/api/v1/subscriptions/:id', route(async (params) => {
    const { id } = parse(idParams, params, 'path');
    mutable();
    if (!(await store.alerts.removeSubscription(id))) await requireSubscription(store, id);
    return [204, null];
  }));
  app.post('/api/v1/subscriptions/:id/test', route(async (params) => {
    const { id } = parse(idParams, params, 'path');
    const subscription = await requireSubscription(store, id);
    const outcome = await sendTestMessage(store, mutable(), subscription, deps.publicUrl, clock());
    return [200, { ok: outcome.ok, code: outcome.code, detail: outcome.detail } satisfies AlertAnswer<'testOutcome'>];
  }));
  app.post('/api/v1/subscriptions/:id/resume', route(async (params) => {
    const { id } = parse(idParams, params, 'path');
    const subscription = await requireSubscription(store, id);
    mutable();
    await store.alerts.resumeChannel(subscription.target.key);
    return [200, { subscription: await viewOf(store, id) }];
  }));
  app.get('/api/v1/deliveries', route(async (_p, _b, query) => {
    const q = parse(deliveriesQuery, query, 'query parameter');
    const deliveries = await store.alerts.listDeliveries({
      limit: q.limit,
      ...(q.subscription === undefined ? {} : { subscriptionId: q.subscription }),
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.before === undefined ? {} : { beforeId: q.before }),
    });
    const last = deliveries.at(-1);
    const more = deliveries.length === q.limit && last !== undefined;
    return [200, { deliveries: deliveries.map(deliveryJson), next_before: more ? last.id : null } satisfies AlertAnswer<'deliveries'>];
  }));
  app.get('/api/v1/alerts/webhook-schema', route(() => Promise.resolve([200, z.toJSONSchema(webhookPayloadV1Schema)])));
} // prettier-ignore

// --- internal ---

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  throw new HttpError(400, 'bad_request', `invalid ${what} ${where}${issue?.message ?? ''}`);
}

/** The wire says `minimum_impact`; the subscription schema says `minimumImpact`. */
function fromWire(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('minimum_impact' in body)) return body;
  const { minimum_impact: minimumImpact, ...rest } = body as Record<string, unknown>;
  return { ...rest, minimumImpact };
}

async function viewOf(store: Store, id: number) {
  const subscription = await requireSubscription(store, id);
  const channel = (await store.alerts.listChannels()).find(
    (c) => c.key === subscription.target.key,
  );
  return viewJson(subscriptionView(subscription, channel));
}

function viewJson(v: SubscriptionView): SubscriptionJson {
  return {
    id: v.id,
    name: v.name,
    providers: v.providers,
    components: v.components,
    groups: v.groups,
    minimum_impact: v.minimumImpact,
    events: v.events,
    channel: {
      kind: v.channel.kind,
      target: v.channel.target,
      ...('format' in v.channel ? { format: v.channel.format } : {}),
      paused: v.channel.paused,
      paused_at: iso(v.channel.pausedAt),
      consecutive_failures: v.channel.consecutiveFailures,
      last_error: v.channel.lastError,
    },
    created_at: iso(v.createdAt),
  };
}

function deliveryJson(d: DeliveryRecord): DeliveryJson {
  return {
    id: d.id,
    subscription_id: d.subscriptionId,
    event_id: d.eventId,
    event_kind: d.eventKind,
    provider: d.providerSlug,
    idempotency_key: d.idempotencyKey,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    created_at: iso(d.createdAt),
    vendor_posted_at: iso(d.vendorPostedAt),
    detected_at: iso(d.detectedAt),
    handed_at: iso(d.handedAt),
    last_error: d.lastError,
    log: d.log.map((a) => ({
      attempted_at: iso(a.attemptedAt),
      result: a.result,
      response_code: a.responseCode,
      detail: a.detail,
      latency_ms: a.latencyMs,
    })),
  };
}
