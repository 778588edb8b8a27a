import { durationMinutes } from './duration.ts';
import { endOf, incidentDuration, startOf } from './incident-facts.ts';
import type { EpochMs, StoredIncident } from './model.ts';

/**
 * The stable JSON shape of one incident in `statuswatch incidents --json` and the API lists
 * (schema version 1, documented in README). Fields are only ever added, never renamed.
 */
export interface IncidentSummaryV1 {
  provider: string;
  id: string;
  title: string;
  kind: 'incident' | 'maintenance';
  impact: string | null;
  status: string;
  started_at: string | null;
  resolved_at: string | null;
  duration_minutes: number | null;
  duration_anomaly: string | null;
  update_count: number;
  first_seen_at: string;
  backfilled: boolean;
  url: string | null;
}

export function summarizeIncident(incident: StoredIncident): IncidentSummaryV1 {
  const d = incidentDuration(incident);
  return {
    provider: incident.providerSlug,
    id: incident.vendorId,
    title: incident.title,
    kind: incident.kind,
    impact: incident.impact,
    status: incident.status,
    started_at: iso(startOf(incident)),
    resolved_at: iso(endOf(incident)),
    duration_minutes: d.ongoing ? null : durationMinutes(d),
    duration_anomaly: d.ongoing ? null : d.anomaly,
    update_count: incident.updates.length,
    first_seen_at: new Date(incident.firstSeenAt).toISOString(),
    backfilled: incident.backfilled,
    url: incident.url,
  };
}

function iso(t: EpochMs | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}
