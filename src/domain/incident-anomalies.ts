import { incidentDuration } from './incident-facts.ts';
import type { StoredIncident } from './model.ts';
import type { Anomaly } from './anomaly.ts';

/** Two consecutive updates of an unresolved incident further apart than this are a gap. */
export const UPDATE_GAP_MS = 24 * 60 * 60_000;
/** Clock skew we forgive before calling an update time "in the future" of its capture. */
export const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * Inconsistencies in what a vendor published, each with a reason a reader can check. Pages
 * show them as a quiet note; the report lists them all.
 */
export function incidentAnomalies(incident: StoredIncident): Anomaly[] {
  const out: Anomaly[] = [];
  const d = incidentDuration(incident);
  if (d.anomaly === 'resolved_before_started') {
    out.push({
      kind: 'resolved_before_started',
      reason: "the vendor's resolved time is earlier than its start",
    });
  }
  if (d.anomaly === 'missing_start' && !d.ongoing) {
    out.push({ kind: 'missing_start', reason: 'no start time and no timed update' });
  }
  // A withdrawn incident already says "end unknown" in its own anomaly.
  if (
    d.anomaly === 'missing_end' &&
    !incident.ingestAnomalies.some((a) => a.kind === 'withdrawn')
  ) {
    out.push({
      kind: 'missing_end',
      reason: `${closedWord(incident)}, end not given by the vendor`,
    });
  }
  out.push(...gaps(incident));
  out.push(...incident.ingestAnomalies);
  for (const old of incident.previousTitles) {
    out.push({ kind: 'title_changed', reason: `title changed from "${old}"` });
  }
  return out;
}

/** "resolved" or "completed" (maintenance), as the end of a sentence about a closed incident. */
export function closedWord(incident: Pick<StoredIncident, 'kind'>): 'resolved' | 'completed' {
  return incident.kind === 'maintenance' ? 'completed' : 'resolved';
}

// --- internal ---

function gaps(incident: StoredIncident): Anomaly[] {
  if (incident.kind === 'maintenance') return [];
  const out: Anomaly[] = [];
  for (let i = 1; i < incident.updates.length; i++) {
    const prev = incident.updates[i - 1];
    const cur = incident.updates[i];
    if (prev === undefined || cur === undefined) continue;
    if (prev.status === 'resolved' || prev.status === 'postmortem') continue;
    const a = prev.displayedAt;
    const b = cur.displayedAt;
    if (a !== null && b !== null && b - a > UPDATE_GAP_MS) {
      const hours = Math.round((b - a) / 3_600_000);
      out.push({
        kind: 'update_gap',
        reason: `${hours} h without an update before ${cur.vendorId}`,
      });
    }
  }
  return out;
}
