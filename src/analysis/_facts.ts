import type { AnalysisAnomaly, ImpactBound, TimelineEntry } from '../domain/incident-analysis.ts';
import type { EpochMs } from '../domain/model.ts';

/** What the posts say, against which the prose is checked. */
export interface Posted {
  firstPostAt: EpochMs | null;
  /** The last post before any postmortem, or the resolution when later. */
  lastPostAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  postmortemAt: EpochMs | null;
  /** Posts other than the postmortem. */
  count: number;
}

/** A stated window further than this from the posted timeline is a typo or another incident. */
export const CONTRADICTION_MS = 3 * 86_400_000;

/** Keeps bounds the posts allow; a contradicting one is dropped with an anomaly, never guessed. */
export function checkAgainstPosts(
  start: ImpactBound | null,
  end: ImpactBound | null,
  posted: Posted,
  anomalies: AnalysisAnomaly[],
): { start: ImpactBound | null; end: ImpactBound | null } {
  const from = posted.firstPostAt;
  const to = posted.lastPostAt ?? from;
  const off = (b: ImpactBound | null) =>
    b !== null &&
    from !== null &&
    to !== null &&
    (b.at < from - CONTRADICTION_MS || b.at > to + CONTRADICTION_MS);
  if (off(start) || off(end)) {
    anomalies.push({
      kind: 'window_contradicts_timeline',
      reason: `the stated window (${iso(start)} – ${iso(end)}) is days away from the posts (${iso2(from)} – ${iso2(to)}); not used`,
    });
    return { start: null, end: null };
  }
  if (start !== null && end !== null && end.at < start.at) {
    anomalies.push({
      kind: 'window_end_before_start',
      reason: `the stated end ${iso(end)} is before the stated start ${iso(start)}; end not used`,
    });
    return { start, end: null };
  }
  return { start, end };
}

/** First entry for the start; the last entry saying service is back (else the last) for the end. */
export function boundsFromTimeline(entries: readonly TimelineEntry[]): {
  start: TimelineEntry | null;
  end: TimelineEntry | null;
} {
  const timed = entries.filter((e) => e.at !== null);
  if (timed.length < 2) return { start: null, end: null };
  const restored = timed.filter((e) => RESTORED.test(e.text)).at(-1);
  return { start: timed[0] ?? null, end: restored ?? timed.at(-1) ?? null };
}

export function minutesBetween(a: EpochMs | null, b: EpochMs | null): number | null {
  return a === null || b === null ? null : Math.round((b - a) / 60_000);
}

// --- internal ---

const RESTORED =
  /\brestored\b|\brecovered\b|\boperational\b|\bresolved\b|\bback online\b|\bconfirmed working\b|\bconcluded\b|\bresumed\b|\breconnected\b|\bstabili[sz]ed\b/i;

function iso(b: ImpactBound | null): string {
  return b === null ? '?' : iso2(b.at);
}

function iso2(at: EpochMs | null): string {
  return at === null ? '?' : new Date(at).toISOString().slice(0, 16) + 'Z';
}
