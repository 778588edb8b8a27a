import {
  IMPACTS,
  detectionLagMs,
  endOf,
  firstUpdateAt,
  incidentDuration,
  lastActivityAt,
  startOf,
  type EpochMs,
  type Impact,
  type StoredIncident,
} from '../domain/index.ts';

import { endOrLastWord, impactSpan, type AnalysisMap } from './impact-span.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

export interface ReliabilityFigures {
  days: number;
  /**
   * Whole or part days of the window for which we hold data (watched, or history imported);
   * 0 means "no data": every figure below is then a zero or null that says nothing.
   */
  coveredDays: number;
  /** Incidents (not maintenances) that overlap the window: started before its end, not ended before its start. */
  incidents: number;
  /** Minutes of incident time inside the window, by the vendor's impact (`unknown`: none given). */
  minutesByImpact: Record<Impact | 'unknown', number>;
  /** Of those minutes, how many come from windows in the vendor's words (the rest: its posts). */
  minutesFromWords: number;
  /** Mean minutes from start to resolution, over resolved incidents with consistent times. */
  mttrMinutes: number | null;
  resolvedCount: number;
  /** Of the resolved incidents, how many took their duration from the vendor's words. */
  resolvedFromWords: number;
  /**
   * Median minutes between the vendor's stated start and its first post, over the incidents
   * whose vendor gave both (a backdated start); null when the vendor never says.
   */
  postingLagMinutes: number | null;
  postingLagSamples: number;
  /** Median minutes between the vendor's first post and our first sight of it (live only). */
  detectionLagMinutes: number | null;
}

/** What we know of a provider's history: since when we watch it, and hold any data. */
export interface Coverage {
  /** When statuswatch began watching (the provider was added). */
  watchingSince: EpochMs;
  /** The earliest moment we hold data for (imported history may predate watching); null: none. */
  dataFrom: EpochMs | null;
  /**
   * The newest moment we hold data for (see `dataThrough`); absent: now. An archive's figures
   * stop there: no minutes, no covered days after it.
   */
  dataThrough?: EpochMs | null;
}

/**
 * Figures over the last `days` before `now`, from a provider's incidents (pass at least those
 * overlapping the window, open ones included). Pure; templates and maintenances are left out.
 * An incident counts in every window it overlaps, as its minutes do.
 */
export function reliabilityFigures(
  all: readonly StoredIncident[],
  days: number,
  now: EpochMs,
  coverage: Coverage,
  analyses: AnalysisMap = new Map(),
): ReliabilityFigures {
  const from = now - days * DAY;
  const until = Math.min(now, coverage.dataThrough ?? now);
  const inWindow = all.filter(
    (i) => !i.isTemplate && i.kind === 'incident' && overlaps(i, from, until),
  );
  // An incident already open when watching began has a first sighting (and often a first post
  // in our store) set by when we started, not by the vendor: it would skew both medians.
  const forLags = inWindow.filter((i) => !openWhenWatchingBegan(i, coverage.watchingSince));
  const durations = inWindow.map((i) => resolvedDuration(i, analyses)).filter((d) => d !== null);
  const postingLags = forLags.map(postingLagMs).filter((ms) => ms !== null);
  const detectionLags = forLags
    .filter((i) => !seenOnlyAfterItEnded(i))
    .map(detectionLagMs)
    .filter((ms) => ms !== null);
  return {
    days,
    coveredDays: coveredDays(coverage.dataFrom, from, until),
    incidents: inWindow.length,
    ...impactMinutes(inWindow, from, until, analyses),
    mttrMinutes: durations.length === 0 ? null : round1(mean(durations.map((d) => d.ms)) / MINUTE),
    resolvedCount: durations.length,
    resolvedFromWords: durations.filter((d) => d.fromWords).length,
    postingLagMinutes: median(postingLags, MINUTE),
    postingLagSamples: postingLags.length,
    detectionLagMinutes: median(detectionLags, MINUTE),
  };
}

/**
 * The vendor's own delay: first post minus stated start. Known only when the vendor states a
 * start apart from its posts (Statuspage's backdated `started_at`); feeds never do.
 */
export function postingLagMs(incident: StoredIncident): number | null {
  const posted = firstPostedAt(incident);
  if (incident.startedAt === null || posted === null) return null;
  const lag = posted - incident.startedAt;
  return lag >= 0 ? lag : null;
}

/**
 * Imported or backfilled history: we never saw it open, so a "lag" would measure when we
 * started watching, not how fast we are. The stored flag covers a provider's first snapshot;
 * the times cover later imports.
 */
export function seenOnlyAfterItEnded(incident: StoredIncident): boolean {
  const end = endOf(incident);
  return incident.backfilled || (end !== null && end <= incident.firstSeenAt);
}

/** Whether an incident was under way when statuswatch began watching its provider. */
export function openWhenWatchingBegan(incident: StoredIncident, watchingSince: EpochMs): boolean {
  const start = startOf(incident) ?? incident.firstSeenAt;
  const end = endOf(incident);
  return start < watchingSince && (end === null || end > watchingSince);
}

/**
 * Whether an incident overlaps [from, to] over its posted times: an open one lasts until `to`
 * (now, or the newest data held);
 * a set-aside one (stale, withdrawn) only until the vendor's last word.
 */
export function overlaps(incident: StoredIncident, from: EpochMs, to: EpochMs): boolean {
  const start = startOf(incident) ?? incident.firstSeenAt;
  const end = endOrLastWord(incident) ?? to;
  return start <= to && end >= from;
}

/**
 * The earliest moment we hold data for: when watching began, or the start of the oldest stored
 * incident if imported history goes further back; null when the source was never read and
 * nothing is stored.
 */
export function dataFrom(
  watchingSince: EpochMs,
  everRead: boolean,
  incidents: readonly StoredIncident[],
): EpochMs | null {
  const starts = incidents.map((i) => startOf(i) ?? i.firstSeenAt);
  if (!everRead && starts.length === 0) return null;
  return Math.min(watchingSince, ...starts);
}

/**
 * The newest moment we hold data for: the latest of the `known` times (the last successful poll,
 * when the provider was added: an import's first capture) and of those the stored incidents and
 * component changes speak of (when we saw, changed or closed an incident, the vendor's last
 * word); null when we hold nothing. Like the archive footer's "data through", for one provider.
 */
export function dataThrough(
  known: readonly (EpochMs | null)[],
  incidents: readonly StoredIncident[],
  changes: readonly { detectedAt: EpochMs }[] = [],
): EpochMs | null {
  const times = [
    ...known.filter((t) => t !== null),
    ...incidents.flatMap((i) =>
      [i.lastChangedAt, i.firstSeenAt, endOf(i), lastActivityAt(i)].filter((t) => t !== null),
    ),
    ...changes.map((c) => c.detectedAt),
  ];
  return times.length === 0 ? null : Math.max(...times);
}

// --- internal ---

/** Whole or part days between the later of `from` and the window start, and `until`. */
function coveredDays(from: EpochMs | null, windowStart: EpochMs, until: EpochMs): number {
  if (from === null || from > until) return 0;
  return Math.max(0, Math.ceil((until - Math.max(from, windowStart)) / DAY));
}

/** When the vendor published its first word: the first update's creation, else the incident's. */
function firstPostedAt(incident: StoredIncident): EpochMs | null {
  const first = incident.updates[0];
  return first?.createdAt ?? incident.createdAt ?? firstUpdateAt(incident);
}

/** A resolved incident's duration: the vendor's impact window where its words give one. */
function resolvedDuration(
  incident: StoredIncident,
  analyses: AnalysisMap,
): { ms: number; fromWords: boolean } | null {
  const span = impactSpan(incident, analyses);
  if (span.fromWords && endOf(incident) !== null && span.start !== null && span.end !== null) {
    return { ms: span.end - span.start, fromWords: true };
  }
  const d = incidentDuration(incident);
  return d.ongoing || d.ms === null ? null : { ms: d.ms, fromWords: false };
}

function impactMinutes(
  incidents: readonly StoredIncident[],
  from: EpochMs,
  until: EpochMs,
  analyses: AnalysisMap,
): Pick<ReliabilityFigures, 'minutesByImpact' | 'minutesFromWords'> {
  const out = Object.fromEntries([...IMPACTS, 'unknown'].map((k) => [k, 0])) as Record<
    Impact | 'unknown',
    number
  >;
  let fromWords = 0;
  for (const i of incidents) {
    const span = impactSpan(i, analyses);
    const end = span.end ?? until;
    if (span.start === null || end < span.start) continue;
    const clipped = Math.min(end, until) - Math.max(span.start, from);
    if (clipped <= 0) continue;
    out[i.impact ?? 'unknown'] += clipped / MINUTE;
    if (span.fromWords) fromWords += clipped / MINUTE;
  }
  for (const key of Object.keys(out) as (keyof typeof out)[]) out[key] = Math.round(out[key]);
  return { minutesByImpact: out, minutesFromWords: Math.round(fromWords) };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: readonly number[], unit: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return round1(value / unit);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
