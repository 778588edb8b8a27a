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
  const context: RouteContext = {
    store: deps.store,
    clock: deps.clock ?? Date.now,
    publicUrl: deps.publicUrl,
    mutable: () => {
      if (deps.channels === null) throw new HttpError(403, 'forbidden', 'alert management is off');
      return deps.channels;
    },
  };
  for (const [method, url, handler] of ROUTES) {
    app.route({ method, url, handler: answering(context, handler) });
  }
}

interface RouteContext {
  store: Store;
  /** The channels, or a 403 when alert management is off. */
  mutable: () => Channels;
  publicUrl: string;
  clock: () => EpochMs;
}

interface RouteRequest {
  params: unknown;
  body: unknown;
  query: unknown;
}

/** The status and the JSON payload to answer with. */
type Answer = [number, unknown];

type Handler = (context: RouteContext, request: RouteRequest) => Promise<Answer>;

const ROUTES: ['GET' | 'POST' | 'PUT' | 'DELETE', string, Handler][] = [
  ['GET', '/api/v1/subscriptions', listSubscriptions],
  ['POST', '/api/v1/subscriptions', addSubscription],
  ['GET', '/api/v1/subscriptions/:id', getSubscription],
  ['PUT', '/api/v1/subscriptions/:id', putSubscription],
  ['DELETE', '/api/v1/subscriptions/:id', deleteSubscription],
  ['POST', '/api/v1/subscriptions/:id/test', testSubscription],
  ['POST', '/api/v1/subscriptions/:id/resume', resumeSubscription],
  ['GET', '/api/v1/deliveries', listDeliveries],
  ['GET', '/api/v1/alerts/webhook-schema', webhookSchema],
];

/** Runs a handler and answers with its result, or with the error answer a known error maps to. */
function answering(context: RouteContext, handler: Handler) {
  return async function (request: RouteRequest, reply: FastifyReply): Promise<FastifyReply> {
    let answer: Answer;
    try {
      answer = await handler(context, request);
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
}

// --- handlers ---

async function listSubscriptions({ store }: RouteContext): Promise<Answer> {
  return [200, { subscriptions: (await subscriptionViews(store)).map(viewJson) }];
}

async function addSubscription(c: RouteContext, { body }: RouteRequest): Promise<Answer> {
  const created = await createSubscription(c.store, c.mutable(), fromWire(body), c.clock());
  const view = await viewOf(c.store, created.id);
  // The generated webhook secret is shown once, here.
  const secret = created.spec.channel.kind === 'webhook' ? created.spec.channel.secret : undefined;
  const answer = {
    subscription: view,
    ...(secret === undefined ? {} : { secret }),
  } satisfies AlertAnswer<'created'>;
  return [201, answer];
}

async function getSubscription({ store }: RouteContext, { params }: RouteRequest): Promise<Answer> {
  const { id } = parse(idParams, params, 'path');
  await requireSubscription(store, id);
  return [200, { subscription: await viewOf(store, id) }];
}

async function putSubscription(c: RouteContext, { params, body }: RouteRequest): Promise<Answer> {
  const { id } = parse(idParams, params, 'path');
  await replaceSubscription(c.store, c.mutable(), id, fromWire(body));
  return [200, { subscription: await viewOf(c.store, id) }];
}

async function deleteSubscription(c: RouteContext, { params }: RouteRequest): Promise<Answer> {
  const { id } = parse(idParams, params, 'path');
  c.mutable();
  if (!(await c.store.alerts.removeSubscription(id))) await requireSubscription(c.store, id);
  return [204, null];
}

async function testSubscription(c: RouteContext, { params }: RouteRequest): Promise<Answer> {
  const { id } = parse(idParams, params, 'path');
  const subscription = await requireSubscription(c.store, id);
  const outcome = await sendTestMessage(c.store, c.mutable(), subscription, c.publicUrl, c.clock());
  const answer = {
    ok: outcome.ok,
    code: outcome.code,
    detail: outcome.detail,
  } satisfies AlertAnswer<'testOutcome'>;
  return [200, answer];
}

async function resumeSubscription(c: RouteContext, { params }: RouteRequest): Promise<Answer> {
  const { id } = parse(idParams, params, 'path');
  const subscription = await requireSubscription(c.store, id);
  c.mutable();
  await c.store.alerts.resumeChannel(subscription.target.key);
  return [200, { subscription: await viewOf(c.store, id) }];
}

async function listDeliveries({ store }: RouteContext, { query }: RouteRequest): Promise<Answer> {
  const q = parse(deliveriesQuery, query, 'query parameter');
  const deliveries = await store.alerts.listDeliveries({
    limit: q.limit,
    ...(q.subscription === undefined ? {} : { subscriptionId: q.subscription }),
    ...(q.status === undefined ? {} : { status: q.status }),
    ...(q.before === undefined ? {} : { beforeId: q.before }),
  });
  const last = deliveries.at(-1);
  const more = deliveries.length === q.limit && last !== undefined;
  const answer = {
    deliveries: deliveries.map(deliveryJson),
    next_before: more ? last.id : null,
  } satisfies AlertAnswer<'deliveries'>;
  return [200, answer];
}

function webhookSchema(): Promise<Answer> {
  return Promise.resolve([200, z.toJSONSchema(webhookPayloadV1Schema)]);
}

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
