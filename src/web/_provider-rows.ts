import { isSetAside, isStale, type EpochMs, type StoredIncident } from '../domain/index.ts';
import type { ProviderRecord, Store } from '../storage/store.ts';
import type { DisplayStatus } from './_badges.ts';

/** One watched provider as the dashboard, the API and the Statuspage output see it. */
export interface ProviderRow {
  record: ProviderRecord;
  display: DisplayStatus;
  /**
   * Open incidents (not maintenances) as the vendor left them, newest first: set-aside ones
   * included, as the vendor's own summary still lists them (API, Statuspage output).
   */
  openIncidents: StoredIncident[];
  /** Of those, the ones still counted: an ongoing outage. */
  ongoingIncidents: StoredIncident[];
  /** Of those, the ones set aside (stale: no word for a week; withdrawn): not an outage now. */
  setAsideIncidents: StoredIncident[];
  maintenanceInProgress: StoredIncident[];
  upcomingMaintenance: StoredIncident[];
}

/** Every provider with its open incidents: two queries, whatever the fleet size. */
export async function loadProviderRows(store: Store, now: EpochMs): Promise<ProviderRow[]> {
  const [records, open] = await Promise.all([
    store.listProviders(),
    store.listIncidents({ openOnly: true }),
  ]);
  const bySlug = new Map<string, StoredIncident[]>();
  for (const incident of open) {
    const list = bySlug.get(incident.providerSlug) ?? [];
    list.push(incident);
    bySlug.set(incident.providerSlug, list);
  }
  return records
    .map((record) => providerRow(record, bySlug.get(record.provider.slug) ?? [], now))
    .sort(worstFirst);
}

export function providerRow(
  record: ProviderRecord,
  open: readonly StoredIncident[],
  now: EpochMs,
): ProviderRow {
  const maintenance = open.filter((i) => i.kind === 'maintenance');
  const incidents = open.filter((i) => i.kind === 'incident');
  return {
    record,
    display: displayStatus(record, now),
    openIncidents: incidents,
    ongoingIncidents: incidents.filter((i) => !isSetAside(i)),
    setAsideIncidents: incidents.filter(isSetAside),
    maintenanceInProgress: maintenance.filter(
      (i) => i.status === 'in_progress' || i.status === 'verifying',
    ),
    upcomingMaintenance: maintenance.filter((i) => i.status === 'scheduled'),
  };
}

/**
 * The status to show. Data we could not refresh is never shown as "operational": a failing or
 * stale source says so, whatever the last stored status was.
 */
export function displayStatus(record: ProviderRecord, now: EpochMs): DisplayStatus {
  const { health } = record.source;
  if (health.lastSuccessAt === null) {
    return health.consecutiveFailures > 0 ? 'failing' : 'not_checked';
  }
  if (health.consecutiveFailures > 0) return worseThanOperational(record.status) ?? 'failing';
  if (isStale(health, record.provider.poll.intervalMs, now)) {
    return worseThanOperational(record.status) ?? 'stale';
  }
  return record.status;
}

export const DISPLAY_SEVERITY: Record<DisplayStatus, number> = {
  major_outage: 9,
  partial_outage: 8,
  degraded_performance: 7,
  failing: 6,
  stale: 5,
  unknown: 4,
  not_checked: 3,
  under_maintenance: 2,
  operational: 0,
};

// --- internal ---

/** A known outage stays visible even when the source stopped answering. */
function worseThanOperational(status: ProviderRecord['status']): DisplayStatus | null {
  return status === 'operational' || status === 'unknown' || status === 'under_maintenance'
    ? null
    : status;
}

function worstFirst(a: ProviderRow, b: ProviderRow): number {
  return (
    DISPLAY_SEVERITY[b.display] - DISPLAY_SEVERITY[a.display] ||
    a.record.provider.name.localeCompare(b.record.provider.name)
  );
}
