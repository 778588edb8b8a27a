import { createHash } from 'node:crypto';
import type {
  Component,
  EpochMs,
  StoredEvent,
  StoredIncident,
  Subscription,
} from '../domain/index.ts';
import type { DeliveryDraft } from '../storage/alert-store.ts';
import type { IngestWrite, Store } from '../storage/store.ts';
import { matches } from './matches.ts';

export interface PlanContext {
  /** Incidents written with the events (the ingest write's), to match component filters. */
  incidents: readonly StoredIncident[];
  /** The provider's components, for group filters. */
  components: readonly Component[] | null;
  now: EpochMs;
}

/** Pure: one delivery per (event, subscription) that matches. */
export function planDeliveries(
  subscriptions: readonly Subscription[],
  events: readonly StoredEvent[],
  context: PlanContext,
): DeliveryDraft[] {
  const incidents = new Map(context.incidents.map((i) => [`${i.providerSlug}\n${i.vendorId}`, i]));
  const drafts: DeliveryDraft[] = [];
  for (const event of events) {
    const incident =
      'incidentVendorId' in event
        ? (incidents.get(`${event.providerSlug}\n${event.incidentVendorId}`) ?? null)
        : null;
    const facts = { incident, components: context.components };
    for (const subscription of subscriptions) {
      if (!matches(subscription.spec, event, facts)) continue;
      drafts.push({
        eventId: event.id,
        subscriptionId: subscription.id,
        idempotencyKey: deliveryKey(event.idempotencyKey, subscription.id),
        channelKey: subscription.target.key,
        channelHost: subscription.target.host,
        vendorPostedAt: event.occurredAt,
        detectedAt: event.detectedAt,
        createdAt: context.now,
      });
    }
  }
  return drafts;
}

/**
 * Derived from the event's own idempotency key (stable across pollers and re-ingestion) and the
 * subscription: every retry, from any dispatcher, carries the same key.
 */
export function deliveryKey(eventKey: string, subscriptionId: number): string {
  const digest = createHash('sha256').update(`${eventKey}\n${subscriptionId}`).digest('base64url');
  return `swd_${digest.slice(0, 32)}`;
}

/**
 * Alerts' implementation of ingest's DeliveryPlanner port, bound to the store that holds the
 * subscriptions; the composition root passes it to the poller.
 */
export function alertDeliveryPlanner(
  store: Store,
): (
  write: IngestWrite,
  context: { components: readonly Component[] | null; now: EpochMs },
) => Promise<IngestWrite> {
  return (write, context) => withDeliveryPlan(store, write, context);
}

/**
 * The ingest side of the outbox: loads the subscriptions before the transaction and attaches
 * the planner, which the store runs on the events it actually inserts. Imports never alert.
 */
export async function withDeliveryPlan(
  store: Store,
  write: IngestWrite,
  context: { components: readonly Component[] | null; now: EpochMs },
): Promise<IngestWrite> {
  if (write.imported || write.events.length === 0) return write;
  const subscriptions = await store.alerts.listSubscriptions();
  if (subscriptions.length === 0) return write;
  const plan: PlanContext = {
    incidents: write.incidents,
    components: write.components ?? context.components,
    now: context.now,
  };
  return { ...write, planDeliveries: (events) => planDeliveries(subscriptions, events, plan) };
}
