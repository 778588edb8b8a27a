import { durationMinutes, type DurationAnomaly } from './duration.ts';
import { endOf, incidentDuration, startOf } from './incident-facts.ts';
import type { IncidentAnalysis } from './incident-analysis.ts';
import type { EpochMs, StoredIncident } from './model.ts';
import type { AnyIncidentStatus, Impact, IncidentKind } from './vocabulary.ts';

/**
 * The stable JSON shape of one incident in `statuswatch incidents --json` and the API lists
 * (schema version 1, documented in README). Fields are only ever added, never renamed.
 */
export interface IncidentSummaryV1 {
  provider: string;
  id: string;
  title: string;
  kind: IncidentKind;
  impact: Impact | null;
  status: AnyIncidentStatus;
  started_at: string | null;
  resolved_at: string | null;
  duration_minutes: number | null;
  duration_anomaly: DurationAnomaly | null;
  update_count: number;
  first_seen_at: string;
  backfilled: boolean;
  url: string | null;
  /** From the vendor's own words (src/analysis); null when not stated or not analysed yet. */
  impact_started_at: string | null;
  impact_ended_at: string | null;
  impact_source_sentence: string | null;
  posting_lag_minutes: number | null;
  postmortem_delay_minutes: number | null;
  /** When the vendor published the postmortem; null when there is none (yet). */
  postmortem_published_at: string | null;
}

/** `analysis`: the stored one (`Store.getIncidentAnalyses`); its fields are null without it. */
export function summarizeIncident(
  incident: StoredIncident,
  analysis: IncidentAnalysis | null = null,
): IncidentSummaryV1 {
  const d = incidentDuration(incident);
  const started = analysis?.impactStartedAt ?? null;
  const ended = analysis?.impactEndedAt ?? null;
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
    impact_started_at: iso(started?.at ?? null),
    impact_ended_at: iso(ended?.at ?? null),
    impact_source_sentence: started?.sentence ?? ended?.sentence ?? null,
    posting_lag_minutes: analysis?.postingLagMinutes ?? null,
    postmortem_delay_minutes: analysis?.postmortemDelayMinutes ?? null,
    postmortem_published_at: iso(incident.postmortem?.publishedAt ?? null),
  };
}

function iso(t: EpochMs | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}
