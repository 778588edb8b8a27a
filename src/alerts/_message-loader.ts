import type { IncidentAnalysis, Provider, StoredIncident } from '../domain/index.ts';
import type { ClaimedDelivery } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { buildMessage, type AlertMessage } from './message.ts';

interface Facts {
  provider: Provider | null;
  incident: StoredIncident | null;
  analysis: IncidentAnalysis | null;
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
        analysisOf(store, event),
      ]).then(([provider, incident, analysis]) => ({ provider, incident, analysis }));
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
    const { provider, incident, analysis } = await factsOf(delivery);
    return buildMessage({
      event: delivery.event,
      idempotencyKey: delivery.idempotencyKey,
      provider,
      incident,
      analysis,
      publicUrl,
    });
  };
}

/** Only a postmortem message quotes the analysis, so only then is it read. */
async function analysisOf(
  store: Store,
  event: ClaimedDelivery['event'],
): Promise<IncidentAnalysis | null> {
  if (event.kind !== 'postmortem_published') return null;
  const key = { providerSlug: event.providerSlug, vendorId: event.incidentVendorId };
  const found = await store.getIncidentAnalyses([key]);
  return found.get(`${key.providerSlug}\n${key.vendorId}`) ?? null;
}
