import {
  endOf,
  isSetAside,
  lastActivityAt,
  startOf,
  type EpochMs,
  type IncidentAnalysis,
  type StoredIncident,
} from '../domain/index.ts';

/** Stored analyses keyed as `Store.getIncidentAnalyses` returns them: "provider\nvendorId". */
export type AnalysisMap = ReadonlyMap<string, IncidentAnalysis>;

export interface ImpactSpan {
  start: EpochMs | null;
  /**
   * Null while the incident is open and the words give no end. A set-aside incident (stale, or
   * withdrawn with its end unknown) ends at the vendor's last word: it never runs on to now.
   */
  end: EpochMs | null;
  /** Whether a bound came from the vendor's words rather than its posts. */
  fromWords: boolean;
}

export function analysisKey(incident: StoredIncident): string {
  return `${incident.providerSlug}\n${incident.vendorId}`;
}

/**
 * When customers were hurt: each bound the vendor's words give ("From 17:39-18:12 UTC"), else
 * the posted one. Posts say when the vendor wrote, often later than the harm began and sometimes
 * long after it ended. A window that does not fit (end before start) is ignored for the posts.
 */
export function impactSpan(incident: StoredIncident, analyses: AnalysisMap): ImpactSpan {
  const posted = { start: startOf(incident), end: endOrLastWord(incident), fromWords: false };
  const analysis = analyses.get(analysisKey(incident));
  if (analysis === undefined) return posted;
  const start = analysis.impactStartedAt?.at ?? posted.start;
  const end = analysis.impactEndedAt?.at ?? posted.end;
  const fromWords = analysis.impactStartedAt !== null || analysis.impactEndedAt !== null;
  if (!fromWords || start === null || (end !== null && end < start)) return posted;
  return { start, end, fromWords };
}

/**
 * The posted end; for a set-aside incident without one (stale, or withdrawn with its end
 * unknown), the vendor's last word, the time the stale rule measures from.
 */
export function endOrLastWord(incident: StoredIncident): EpochMs | null {
  const end = endOf(incident);
  if (end !== null || !isSetAside(incident)) return end;
  return lastActivityAt(incident);
}
