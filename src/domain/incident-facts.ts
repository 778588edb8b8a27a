import { duration, type Duration } from './duration.ts';
import type { EpochMs, Incident, IncidentUpdate, StoredIncident } from './model.ts';
import { isClosedStatus } from './vocabulary.ts';

/** When it started: the vendor's start if given, else its first update, else its creation. */
export function startOf(incident: Incident): EpochMs | null {
  if (incident.kind === 'maintenance' && incident.startedAt === null) {
    return maintenanceStart(incident.updates, incident.scheduledFor) ?? firstUpdateAt(incident);
  }
  return incident.startedAt ?? firstUpdateAt(incident) ?? incident.createdAt;
}

/** When it ended: the vendor's resolved time, else the last Resolved/Completed update. */
export function endOf(incident: Incident): EpochMs | null {
  if (!isClosedStatus(incident.status)) return null;
  if (incident.resolvedAt !== null) return incident.resolvedAt;
  const closing = incident.updates
    .filter((u) => u.status === 'resolved' || u.status === 'completed')
    .at(-1);
  return closing === undefined ? null : (closing.displayedAt ?? closing.createdAt);
}

/**
 * A closed incident without an end is not open: its duration is unknown (`missing_end`), never
 * counted up to `now`. A missing start is reported first, as it was before this rule.
 */
export function incidentDuration(incident: Incident, now?: EpochMs): Duration {
  const start = startOf(incident);
  const end = endOf(incident);
  if (end === null && isClosedStatus(incident.status)) {
    const anomaly = start === null ? 'missing_start' : 'missing_end';
    return { ms: null, text: null, ongoing: false, anomaly };
  }
  return duration(start, end, now);
}

export function firstUpdateAt(incident: Incident): EpochMs | null {
  const first = incident.updates[0];
  return first === undefined ? null : (first.displayedAt ?? first.createdAt);
}

/**
 * How long after the vendor's first post we saw it; null for backfilled incidents (we were not
 * watching yet) and when the vendor gave no time.
 */
export function detectionLagMs(incident: StoredIncident): number | null {
  if (incident.backfilled) return null;
  const posted = firstUpdateAt(incident) ?? incident.createdAt;
  return posted === null ? null : Math.max(0, incident.firstSeenAt - posted);
}

/**
 * One rule for every format: a maintenance starts when the vendor says "in progress", or at its
 * scheduled start when it never does. The announcement stays in `createdAt`.
 */
export function maintenanceStart(
  updates: readonly Pick<IncidentUpdate, 'status' | 'displayedAt' | 'createdAt'>[],
  scheduledFor: EpochMs | null,
): EpochMs | null {
  const running = updates.find((u) => u.status === 'in_progress');
  const runningAt = running === undefined ? null : (running.displayedAt ?? running.createdAt);
  return runningAt ?? scheduledFor;
}
