import { isDeepStrictEqual } from 'node:util';
import {
  eventKey,
  flaggedStale,
  isClosedStatus,
  overallStatus,
  type EpochMs,
  type IngestEvent,
  type ProviderStatus,
  type Snapshot,
  type StoredIncident,
  type Component,
} from '../domain/index.ts';
import type { ProviderState } from '../storage/store.ts';
import { componentEvents } from './component-events.ts';
import { incidentEvents } from './incident-events.ts';
import { incidentChanged, mergeIncident } from './merge-incident.ts';

export interface Reconciled {
  /** Incidents to write: new or changed ones only. */
  incidents: StoredIncident[];
  /** The new component list, or null when the snapshot has none (keep the stored one). */
  components: Component[] | null;
  status: ProviderStatus;
  events: IngestEvent[];
  /**
   * Open incidents a snapshot of open incidents no longer lists: probably resolved, but the
   * payload does not say when. The poller asks the vendor for each; ingest never guesses.
   */
  vanishedOpenIncidents: string[];
  /** Incidents open after this step (stale ones included: the vendor may still close them). */
  stillOpen: Set<string>;
  /** Incidents an open-only snapshot lists (empty for other coverages). */
  listedOpen: Set<string>;
}

/**
 * Pure: the provider's stored state plus one vendor snapshot gives the writes and the events.
 * An incident missing from the snapshot is kept as it was: vendors show only their newest N.
 * The same snapshot applied twice gives zero events the second time.
 */
export function reconcile(previous: ProviderState, snapshot: Snapshot, now: EpochMs): Reconciled {
  const slug = previous.provider.slug;
  const byId = new Map(previous.incidents.map((i) => [i.vendorId, i]));
  const ctx = { providerSlug: slug, now, firstIngest: previous.neverIngested };
  const changed: StoredIncident[] = [];
  const events: IngestEvent[] = [];
  for (const seen of snapshot.incidents) {
    const before = byId.get(seen.vendorId) ?? null;
    const merged = mergeIncident(before, seen, ctx);
    if (!incidentChanged(before, merged)) continue;
    changed.push(merged);
    byId.set(merged.vendorId, merged);
    events.push(...incidentEvents(before, merged, now));
  }
  for (const incident of byId.values()) {
    const stale = flaggedStale(incident, now);
    if (stale === null) continue;
    const at = changed.findIndex((c) => c.vendorId === stale.vendorId);
    if (at >= 0) changed[at] = stale;
    else changed.push(stale);
    byId.set(stale.vendorId, stale);
  }
  const stamp = snapshot.page.updatedAt ?? now;
  events.push(...componentEvents(slug, previous.components, snapshot.components, stamp, now));
  const components = snapshot.components ?? previous.components ?? [];
  const status = overallStatus({
    components,
    incidents: [...byId.values()],
    sourceFailing: false,
  });
  if (!previous.neverIngested && status !== previous.status) {
    events.push(statusChanged(slug, previous.status, status, stamp, now));
  }
  // Rewriting an unchanged component list would cost a write on every changed-page poll.
  const sameComponents =
    snapshot.components !== null &&
    previous.components !== null &&
    isDeepStrictEqual(snapshot.components, previous.components);
  return {
    incidents: changed,
    components: sameComponents ? null : snapshot.components,
    status,
    events,
    vanishedOpenIncidents: vanished(previous.incidents, snapshot),
    stillOpen: new Set(
      [...byId.values()]
        .filter((i) => !isClosedStatus(i.status) && !i.isTemplate)
        .map((i) => i.vendorId),
    ),
    listedOpen:
      snapshot.coverage === 'open-only'
        ? new Set(snapshot.incidents.map((i) => i.vendorId))
        : new Set<string>(),
  };
}

/** The events alone: `diff(previousState, snapshot, now) → Event[]`. */
export function diff(previous: ProviderState, snapshot: Snapshot, now: EpochMs): IngestEvent[] {
  return reconcile(previous, snapshot, now).events;
}

// --- internal ---

/** The provider_status_changed event, one rule for every writer that changes a status. */
export function statusChanged(
  slug: string,
  from: ProviderStatus,
  to: ProviderStatus,
  occurredAt: EpochMs,
  now: EpochMs,
): IngestEvent {
  return {
    kind: 'provider_status_changed',
    idempotencyKey: eventKey([slug, 'status', from, to, occurredAt]),
    providerSlug: slug,
    from,
    to,
    occurredAt,
    detectedAt: now,
  };
}

function vanished(stored: StoredIncident[], snapshot: Snapshot): string[] {
  if (snapshot.coverage !== 'open-only') return [];
  const listed = new Set(snapshot.incidents.map((i) => i.vendorId));
  return stored
    .filter((i) => !isClosedStatus(i.status) && !i.isTemplate && !listed.has(i.vendorId))
    .map((i) => i.vendorId);
}
