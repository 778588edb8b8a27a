import { isDeepStrictEqual } from 'node:util';
import {
  flaggedStale,
  isClosedStatus,
  overallStatus,
  withdrawnIncident,
  type EpochMs,
  type IngestEvent,
  type StoredIncident,
} from '../domain/index.ts';
import type { FollowUp, Store } from '../storage/store.ts';
import type { DeliveryPlanner } from './delivery-planner.ts';
import { statusChanged } from './reconcile.ts';
import { withAnalysis } from './with-analysis.ts';

export interface SetAside {
  /** Open incidents the vendor no longer shows and never closed, each with why we gave up. */
  withdraw: readonly { incidentVendorId: string; why: string }[];
  /** Also flag every open incident that has gone quiet for too long. */
  sweepStale: boolean;
  /** The follow-up list after this step. */
  followUps: FollowUp[];
}

/**
 * Closes (withdrawn, end unknown) or flags (stale) open incidents that the vendor will never
 * close for us, so that neither stays open for good nor keeps driving the provider's status.
 * Part of a poll: the provider stays leased. Returns the number of events inserted.
 */
export async function setAsideIncidents(
  store: Store,
  slug: string,
  change: SetAside,
  now: EpochMs,
  deliveries: DeliveryPlanner,
): Promise<number> {
  const state = await store.loadProviderState(
    slug,
    change.withdraw.map((w) => w.incidentVendorId),
  );
  const byId = new Map(state.incidents.map((i) => [i.vendorId, i]));
  const changed = incidentsSetAside(byId, change, now);
  for (const [id, incident] of changed) byId.set(id, incident);
  const status = overallStatus({
    components: state.components ?? [],
    incidents: [...byId.values()],
    sourceFailing: state.source.health.consecutiveFailures > 0,
  });
  const events: IngestEvent[] =
    status === state.status ? [] : [statusChanged(slug, state.status, status, now, now)];
  // An hourly sweep usually finds nothing: then there is nothing to write.
  if (
    changed.size === 0 &&
    events.length === 0 &&
    isDeepStrictEqual(change.followUps, state.followUps)
  ) {
    return 0;
  }
  const write = {
    providerSlug: slug,
    components: null,
    incidents: withAnalysis([...changed.values()]),
    events,
    status,
    source: state.source,
    imported: false,
    followUps: change.followUps,
    keepLease: true,
  };
  const planned = await deliveries(write, { components: state.components, now });
  return (await store.applyIngest(planned)).length;
}

/** The open incidents this change withdraws or flags stale, by vendor id, as they become. */
function incidentsSetAside(
  byId: ReadonlyMap<string, StoredIncident>,
  change: SetAside,
  now: EpochMs,
): Map<string, StoredIncident> {
  const changed = new Map<string, StoredIncident>();
  for (const w of change.withdraw) {
    const incident = byId.get(w.incidentVendorId);
    if (incident === undefined || isClosedStatus(incident.status)) continue;
    changed.set(incident.vendorId, withdrawnIncident(incident, now, w.why));
  }
  if (change.sweepStale) {
    for (const incident of byId.values()) {
      const stale = changed.has(incident.vendorId) ? null : flaggedStale(incident, now);
      if (stale !== null) changed.set(stale.vendorId, stale);
    }
  }
  return changed;
}
