import type { Provider, StoredIncident } from '../domain/index.ts';
import type { ClaimedDelivery } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { buildMessage, type AlertMessage } from './message.ts';

/**
 * Words messages for one claimed batch. A fan-out sends one event to many subscribers, so the
 * provider and incident are read once per batch (promises are cached, so concurrent sends
 * share one read) and fresh again for the next batch.
 */
export function messageLoader(store: Store, publicUrl: string) {
  const providers = new Map<string, Promise<Provider | null>>();
  const incidents = new Map<string, Promise<StoredIncident | null>>();
  const providerOf = (slug: string): Promise<Provider | null> => {
    let found = providers.get(slug);
    if (found === undefined) {
      found = store.getProvider(slug).then((r) => r?.provider ?? null);
      providers.set(slug, found);
    }
    return found;
  };
  const incidentOf = (slug: string, vendorId: string): Promise<StoredIncident | null> => {
    const key = `${slug}\n${vendorId}`;
    let found = incidents.get(key);
    if (found === undefined) {
      found = store.getIncident(slug, vendorId);
      incidents.set(key, found);
    }
    return found;
  };
  return async (delivery: ClaimedDelivery): Promise<AlertMessage> => {
    const { event } = delivery;
    const [provider, incident] = await Promise.all([
      providerOf(event.providerSlug),
      'incidentVendorId' in event
        ? incidentOf(event.providerSlug, event.incidentVendorId)
        : Promise.resolve(null),
    ]);
    return buildMessage({
      event,
      idempotencyKey: delivery.idempotencyKey,
      provider,
      incident,
      publicUrl,
    });
  };
}
