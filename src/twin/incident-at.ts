import { isClosedStatus, type AnyIncidentStatus, type EpochMs } from '../domain/index.ts';
import type { HistoryIncident, TimedUpdate } from './vendor-history.ts';

/** An incident as the vendor showed it at one moment. */
export interface IncidentAt {
  history: HistoryIncident;
  /** Updates public at that moment, oldest first. */
  updates: TimedUpdate[];
  status: AnyIncidentStatus;
  monitoringAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  /** The newest public change. */
  updatedAt: EpochMs;
}

/** null before the incident became public. */
export function incidentAt(history: HistoryIncident, t: EpochMs): IncidentAt | null {
  if (history.appearsAt > t) return null;
  const updates = visibleUpdates(history.updates, t);
  const { kind } = history.incident;
  const status = statusOf(updates) ?? (kind === 'maintenance' ? 'scheduled' : 'investigating');
  return {
    history,
    updates,
    status,
    monitoringAt: shownAt(updates.find((u) => u.update.status === 'monitoring')),
    resolvedAt: isClosedStatus(status) ? closedAt(updates) : null,
    updatedAt: Math.max(history.appearsAt, ...updates.map((u) => u.appearsAt)),
  };
}

/** Unresolved incidents (not maintenances) at t, newest first. */
export function isOpenIncident(view: IncidentAt): boolean {
  return view.history.incident.kind === 'incident' && !isClosedStatus(view.status);
}

export function isUpcomingMaintenance(view: IncidentAt): boolean {
  return view.history.incident.kind === 'maintenance' && view.status === 'scheduled';
}

export function isActiveMaintenance(view: IncidentAt): boolean {
  return (
    view.history.incident.kind === 'maintenance' &&
    (view.status === 'in_progress' || view.status === 'verifying')
  );
}

export function shownAt(u: TimedUpdate | undefined): EpochMs | null {
  return u === undefined ? null : (u.update.displayedAt ?? u.appearsAt);
}

// --- internal ---

function visibleUpdates(all: readonly TimedUpdate[], t: EpochMs): TimedUpdate[] {
  let end = all.length;
  while (end > 0 && (all[end - 1]?.appearsAt ?? 0) > t) end -= 1;
  return all.slice(0, end).filter((u) => u.appearsAt <= t);
}

/**
 * The status of the latest update by shown time, a postmortem changing only a closed one. Within one
 * minute a closing update counts as the latest: GitHub sometimes lists an "Update" above the
 * "Resolved" of the same minute (history.atom entries of k8nz2ljtvzv4, 9zq8p50p7tkh), and the
 * incident stays resolved on its page.
 */
function statusOf(updates: readonly TimedUpdate[]): AnyIncidentStatus | null {
  let best: TimedUpdate | null = null;
  for (const u of updates) {
    if (u.update.status === 'postmortem') continue;
    if (best === null || laterThan(u, best)) best = u;
  }
  if (best === null) return null;
  // Once closed, a posted postmortem is the incident's status (box__incidents-2024-01-31-first3.json).
  const postmortem = updates.some((u) => u.update.status === 'postmortem');
  return postmortem && isClosedStatus(best.update.status) ? 'postmortem' : best.update.status;
}

function laterThan(a: TimedUpdate, b: TimedUpdate): boolean {
  const ma = Math.floor((shownAt(a) ?? 0) / 60_000);
  const mb = Math.floor((shownAt(b) ?? 0) / 60_000);
  if (ma !== mb) return ma > mb;
  const ca = isClosedStatus(a.update.status);
  const cb = isClosedStatus(b.update.status);
  if (ca !== cb) return ca;
  return true;
}

/** The last update that closed it, a "Resolved" label preferred over a trailing "Update". */
function closedAt(updates: readonly TimedUpdate[]): EpochMs | null {
  const closing = updates.filter(
    (u) => u.update.status !== 'postmortem' && isClosedStatus(u.update.status),
  );
  const labelled = closing.findLast((u) => u.update.label === null) ?? closing.at(-1);
  return shownAt(labelled);
}
