import type { EpochMs } from './epoch.ts';

/**
 * What statuswatch reads in a vendor's own words about an incident: when customers were hurt
 * (not when the vendor posted), the postmortem's sections, timeline and action items. Produced
 * by src/analysis (pure); stored with the incident and shown by pages, so the type lives here.
 */

/** Bump when the analysis reads more or differently, so `statuswatch reanalyse` re-runs it. */
export const ANALYSIS_VERSION = 1;

export const SECTION_KINDS = [
  'summary',
  'root_cause',
  'response',
  'timeline',
  'prevention',
  'impact',
  'other',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const ACTION_ITEM_STATES = [
  'completed',
  'in_progress',
  'investigating',
  'planned',
  'unstated',
] as const;
export type ActionItemState = (typeof ACTION_ITEM_STATES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** How a bound was read: a "between X and Y" window, a single "at X", or a timeline line. */
export const BOUND_SOURCES = ['window', 'start_phrase', 'labelled', 'timeline'] as const;
export type BoundSource = (typeof BOUND_SOURCES)[number];

/** Guesses made while resolving a time, so a reader can see what was not in the text. */
export const TIME_ASSUMPTIONS = [
  'zone_from_document',
  'zone_from_context',
  'zone_assumed_utc',
  'date_from_context',
  'year_from_context',
  'day_first_date',
  'pm_from_posts',
  'next_day',
] as const;
export type TimeAssumption = (typeof TIME_ASSUMPTIONS)[number];

export interface ImpactBound {
  at: EpochMs;
  /** The sentence or line it was read from, as the vendor wrote it (whitespace collapsed). */
  sentence: string;
  confidence: Confidence;
  source: BoundSource;
  /** The zone word or offset used ("PST", "UTC+2"), null when none was written or implied. */
  zone: string | null;
  assumptions: TimeAssumption[];
}

export interface PostmortemSection {
  kind: SectionKind;
  /** The heading as written; null for an untitled opening or an unheaded run of timeline lines. */
  heading: string | null;
  text: string;
}

export interface TimelineEntry {
  /** UTC; null when the line's time could not be resolved. */
  at: EpochMs | null;
  /** The time as written ("2018-01-23 02:13 PM", "10:05"). */
  written: string;
  text: string;
  assumptions: TimeAssumption[];
}

export interface ActionItem {
  text: string;
  state: ActionItemState;
}

/** An ambiguous zone abbreviation met in the text and the reading chosen from the table. */
export interface ZoneChoice {
  abbreviation: string;
  chosen: string;
  alternatives: string[];
}

export const ANALYSIS_ANOMALY_KINDS = [
  'window_contradicts_timeline',
  'window_end_before_start',
  'zero_minute_without_window',
  'analysis_failed',
] as const;
export type AnalysisAnomalyKind = (typeof ANALYSIS_ANOMALY_KINDS)[number];

export interface AnalysisAnomaly {
  kind: AnalysisAnomalyKind;
  reason: string;
}

export interface IncidentAnalysis {
  analysisVersion: number;
  impactStartedAt: ImpactBound | null;
  impactEndedAt: ImpactBound | null;
  sections: PostmortemSection[];
  timeline: TimelineEntry[];
  actionItems: ActionItem[];
  /** Minutes from impact start to end; null unless both are known. */
  impactDurationMinutes: number | null;
  /** Minutes from the vendor's first post to its resolution, for comparison. */
  postedDurationMinutes: number | null;
  /** First post minus impact start: how long customers were hurt before the vendor said so. */
  postingLagMinutes: number | null;
  /** Postmortem time minus resolution. */
  postmortemDelayMinutes: number | null;
  zoneChoices: ZoneChoice[];
  anomalies: AnalysisAnomaly[];
}

export function emptyAnalysis(): IncidentAnalysis {
  return {
    analysisVersion: ANALYSIS_VERSION,
    impactStartedAt: null,
    impactEndedAt: null,
    sections: [],
    timeline: [],
    actionItems: [],
    impactDurationMinutes: null,
    postedDurationMinutes: null,
    postingLagMinutes: null,
    postmortemDelayMinutes: null,
    zoneChoices: [],
    anomalies: [],
  };
}

/** The analysis with every epoch ms as an ISO string, for `analyse --json` and the API. */
export function readableAnalysis(a: IncidentAnalysis): unknown {
  const iso = (at: EpochMs | null) => (at === null ? null : new Date(at).toISOString());
  const bound = (b: ImpactBound | null) => (b === null ? null : { ...b, at: iso(b.at) });
  return {
    ...a,
    impactStartedAt: bound(a.impactStartedAt),
    impactEndedAt: bound(a.impactEndedAt),
    timeline: a.timeline.map((t) => ({ ...t, at: iso(t.at) })),
  };
}
