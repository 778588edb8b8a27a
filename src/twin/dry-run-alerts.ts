import type { EpochMs, EventKind } from '../domain/index.ts';
import type { IngestWrite, Store } from '../storage/store.ts';

/** A delivery the real planner chose during a simulation, kept here instead of the outbox. */
export interface DryRunDelivery {
  eventId: number;
  eventKind: EventKind;
  incidentVendorId: string | null;
  subscriptionId: number;
  channelKey: string;
  vendorPostedAt: EpochMs | null;
  detectedAt: EpochMs;
}

/**
 * Wraps the store so that a simulation's ingest writes plan alerts with the real subscriptions
 * and matcher (`withDeliveryPlan`, inside the same transaction) but put nothing in the outbox:
 * the plan is recorded in `planned` and the store is handed an empty one. A dispatcher sharing
 * the database can therefore never send a simulated alert, even one "due" in the past.
 */
export function withDryRunAlerts(store: Store): { store: Store; planned: DryRunDelivery[] } {
  const planned: DryRunDelivery[] = [];
  const applyIngest = (write: IngestWrite): Promise<number[]> => {
    const plan = write.planDeliveries;
    if (plan === undefined) return store.applyIngest(write);
    return store.applyIngest({
      ...write,
      planDeliveries: (events) => {
        const byId = new Map(events.map((e) => [e.id, e]));
        for (const draft of plan(events)) {
          const event = byId.get(draft.eventId);
          planned.push({
            eventId: draft.eventId,
            eventKind: event?.kind ?? 'incident_updated',
            incidentVendorId:
              event !== undefined && 'incidentVendorId' in event ? event.incidentVendorId : null,
            subscriptionId: draft.subscriptionId,
            channelKey: draft.channelKey,
            vendorPostedAt: draft.vendorPostedAt,
            detectedAt: draft.detectedAt,
          });
        }
        return [];
      },
    });
  };
  // Bound once per method: a simulation calls the store several times per poll, a million polls.
  const bound = new Map<PropertyKey, unknown>([['applyIngest', applyIngest]]);
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const known = bound.get(prop);
      if (known !== undefined) return known;
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      bound.set(prop, method);
      return method;
    },
  });
  return { store: wrapped, planned };
}
