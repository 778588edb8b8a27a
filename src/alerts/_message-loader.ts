import type { Provider, StoredIncident } from '../domain/index.ts';
import type { ClaimedDelivery } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { buildMessage, type AlertMessage } from './message.ts';

interface Facts {
  provider: Provider | null;
  incident: StoredIncident | null;
}

const KEPT_EVENTS = 256;

/**
 * Words messages. A fan-out sends one event to many subscribers, so the provider and incident
 * are read once per event (the promise is cached, so concurrent sends share one read). The
 * incident as read then already holds the update the event announces.
 */
export function messageLoader(store: Store, publicUrl: string) {
  const byEvent = new Map<number, Promise<Facts>>();
  const factsOf = (delivery: ClaimedDelivery): Promise<Facts> => {
    const { event } = delivery;
    let facts = byEvent.get(event.id);
    if (facts === undefined) {
      facts = Promise.all([
        store.getProvider(event.providerSlug).then((r) => r?.provider ?? null),
        'incidentVendorId' in event
          ? store.getIncident(event.providerSlug, event.incidentVendorId)
          : Promise.resolve(null),
      ]).then(([provider, incident]) => ({ provider, incident }));
      // A failed read is not kept: the next attempt reads again.
      facts.catch(() => byEvent.delete(event.id));
      byEvent.set(event.id, facts);
      if (byEvent.size > KEPT_EVENTS) {
        const oldest = byEvent.keys().next();
        if (oldest.done !== true) byEvent.delete(oldest.value);
      }
    }
    return facts;
  };
  return async (delivery: ClaimedDelivery): Promise<AlertMessage> => {
    const { provider, incident } = await factsOf(delivery);
    return buildMessage({
      event: delivery.event,
      idempotencyKey: delivery.idempotencyKey,
      provider,
      incident,
      publicUrl,
    });
  };
}
