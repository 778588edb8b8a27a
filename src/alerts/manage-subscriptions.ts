import { randomBytes } from 'node:crypto';
import { StatuswatchError, type EpochMs, type Subscription } from '../domain/index.ts';
import type { ChannelState } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import type { AlertMessage } from './message.ts';
import { parseSubscriptionSpec, subscriptionName } from './subscription.ts';

/** Checks (channel URL and addresses included) and stores a new subscription. */
export async function createSubscription(
  store: Store,
  channels: Channels,
  input: unknown,
  now: EpochMs,
): Promise<Subscription> {
  const spec = parseSubscriptionSpec(input, channels);
  return store.alerts.addSubscription({
    spec,
    target: channels.target(spec.channel),
    createdAt: now,
  });
}

/** Replaces a subscription's filters and channel; a webhook keeps its secret unless given one. */
export async function replaceSubscription(
  store: Store,
  channels: Channels,
  id: number,
  input: unknown,
): Promise<Subscription> {
  const existing = await requireSubscription(store, id);
  const spec = parseSubscriptionSpec(keepSecret(input, existing), channels);
  const target = channels.target(spec.channel);
  const replaced = await store.alerts.replaceSubscription(id, {
    spec,
    target,
    createdAt: existing.createdAt,
  });
  if (replaced === null) throw notFound(id);
  return replaced;
}

export async function requireSubscription(store: Store, id: number): Promise<Subscription> {
  const found = await store.alerts.getSubscription(id);
  if (found === null) throw notFound(id);
  return found;
}

/**
 * `alerts test`: a sample message through the real channel, outside the outbox. A success
 * resumes a paused channel: the user just showed it works again.
 */
export async function sendTestMessage(
  store: Store,
  channels: Channels,
  subscription: Subscription,
  publicUrl: string,
  now: EpochMs,
): Promise<SendOutcome> {
  const key = `swt_${randomBytes(16).toString('base64url')}`;
  const outcome = await channels.send(
    sampleMessage(subscription, publicUrl, now, key),
    subscription.spec.channel,
    {
      idempotencyKey: key,
      now,
    },
  );
  if (outcome.ok) await store.alerts.resumeChannel(subscription.target.key);
  return outcome;
}

export function sampleMessage(
  subscription: Subscription,
  publicUrl: string,
  now: EpochMs,
  key: string,
): AlertMessage {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    idempotencyKey: key,
    eventId: 0,
    eventKind: 'incident_updated',
    alertKind: 'updated',
    provider: { slug: 'statuswatch', name: 'statuswatch', pageUrl: base },
    title: `Test message for subscription #${subscription.id}`,
    impact: 'none',
    status: 'investigating',
    update: {
      text: 'This is a test sent by "statuswatch alerts test". Real alerts look like this one.',
      postedAt: now,
    },
    ourUrl: `${base}/`,
    vendorUrl: null,
    incidentId: null,
    component: null,
    firstSeenAt: now,
    vendorPostedAt: now,
    detectedAt: now,
    isTest: true,
    postmortem: null,
  };
}

/** What lists and the API show: filters and channel, without secrets. */
export function subscriptionView(subscription: Subscription, channel: ChannelState | undefined) {
  const { spec, target } = subscription;
  return {
    id: subscription.id,
    name: subscriptionName(spec, target),
    providers: spec.providers,
    components: spec.components,
    groups: spec.groups,
    minimumImpact: spec.minimumImpact,
    events: spec.events,
    channel: {
      kind: spec.channel.kind,
      target: target.label,
      ...(spec.channel.kind === 'webhook' ? { format: spec.channel.format } : {}),
      paused: channel?.pausedAt != null,
      pausedAt: channel?.pausedAt ?? null,
      consecutiveFailures: channel?.consecutiveFailures ?? 0,
      lastError: channel?.lastError ?? null,
    },
    createdAt: subscription.createdAt,
  };
}

export type SubscriptionView = ReturnType<typeof subscriptionView>;

export async function subscriptionViews(store: Store): Promise<SubscriptionView[]> {
  const [subscriptions, channels] = await Promise.all([
    store.alerts.listSubscriptions(),
    store.alerts.listChannels(),
  ]);
  const byKey = new Map(channels.map((c) => [c.key, c]));
  return subscriptions.map((s) => subscriptionView(s, byKey.get(s.target.key)));
}

// --- internal ---

function notFound(id: number): StatuswatchError {
  return new StatuswatchError('not_found', `no alert subscription #${id}`);
}

function keepSecret(input: unknown, existing: Subscription): unknown {
  if (typeof input !== 'object' || input === null || !('channel' in input)) return input;
  const channel = input.channel;
  const old = existing.spec.channel;
  if (typeof channel !== 'object' || channel === null || old.kind !== 'webhook') return input;
  if ('secret' in channel || !('kind' in channel) || channel.kind !== 'webhook') return input;
  return { ...input, channel: { ...channel, secret: old.secret } };
}
