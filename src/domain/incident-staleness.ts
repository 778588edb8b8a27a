import type { Anomaly } from './anomaly.ts';
import type { EpochMs, StoredIncident } from './model.ts';
import { isClosedStatus } from './vocabulary.ts';

/**
 * An open incident with no word from the vendor for this long is flagged stale. Real incidents
 * that run for days keep getting updates (GitHub's longest in 18 months of history, 8blgv351d71j,
 * ran 26 h with updates throughout); one left open for a week is a page nobody closed, like the
 * 2020 DigitalOcean maintenance that its summary still lists.
 */
export const STALE_AFTER_MS = 7 * 24 * 3_600_000;
/** A maintenance still open this long after its scheduled end is stale too. */
export const MAINTENANCE_OVERRUN_MS = 24 * 3_600_000;

/** Stale or withdrawn: kept and shown with its note, but no longer driving the provider's status. */
export function isSetAside(incident: { ingestAnomalies?: readonly Anomaly[] }): boolean {
  return (incident.ingestAnomalies ?? []).some((a) => a.kind === 'stale' || a.kind === 'withdrawn');
}

/** True when an open incident has gone quiet for too long, or a maintenance overran by far. */
export function isStaleOpen(incident: StoredIncident, now: EpochMs): boolean {
  if (isClosedStatus(incident.status) || incident.isTemplate) return false;
  if (incident.kind === 'maintenance' && incident.scheduledUntil !== null) {
    return now - incident.scheduledUntil > MAINTENANCE_OVERRUN_MS;
  }
  const last = lastActivityAt(incident);
  return last !== null && now - last > STALE_AFTER_MS;
}

/** The incident flagged stale, or null when it is not stale or already flagged. */
export function flaggedStale(incident: StoredIncident, now: EpochMs): StoredIncident | null {
  if (isSetAside(incident) || !isStaleOpen(incident, now)) return null;
  const since = lastActivityAt(incident);
  const reason =
    incident.kind === 'maintenance' && incident.scheduledUntil !== null
      ? `still open more than a day after its scheduled end (${iso(incident.scheduledUntil)}); no longer counted in the status`
      : `no word from the vendor since ${since === null ? 'an unknown time' : iso(since)}; no longer counted in the status`;
  return withAnomaly(incident, { kind: 'stale', reason }, now);
}

/**
 * An open incident the vendor no longer shows and never closed (its page answers 404, or it
 * said nothing within the follow-up time): closed by us, end unknown, with a note saying so.
 */
export function withdrawnIncident(
  incident: StoredIncident,
  now: EpochMs,
  why: string,
): StoredIncident {
  const closed = incident.kind === 'maintenance' ? 'completed' : 'resolved';
  return withAnomaly(
    { ...incident, status: closed, resolvedAt: null },
    { kind: 'withdrawn', reason: `withdrawn by the vendor, end unknown: ${why}` },
    now,
  );
}

// --- internal ---

function withAnomaly(incident: StoredIncident, anomaly: Anomaly, now: EpochMs): StoredIncident {
  return {
    ...incident,
    ingestAnomalies: [...incident.ingestAnomalies, anomaly],
    lastChangedAt: now,
  };
}

/**
 * The vendor's last word on an incident: its newest update (as displayed, else as posted), else
 * its start or creation, else when we first saw it. What the stale rule measures quiet from.
 */
export function lastActivityAt(incident: StoredIncident): EpochMs | null {
  let last: EpochMs | null = null;
  for (const u of incident.updates) {
    const at = u.displayedAt ?? u.createdAt;
    if (at !== null && (last === null || at > last)) last = at;
  }
  return last ?? incident.startedAt ?? incident.createdAt ?? incident.firstSeenAt;
}

function iso(at: EpochMs): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
