import {
  ANALYSIS_VERSION,
  emptyAnalysis,
  type AnalysisAnomaly,
  type ImpactBound,
  type IncidentAnalysis,
  type PostmortemSection,
  type ZoneChoice,
} from '../domain/incident-analysis.ts';
import type { EpochMs } from '../domain/model.ts';
import { actionItemsOf } from './_action-items.ts';
import { boundsFromTimeline, checkAgainstPosts, minutesBetween, type Posted } from './_facts.ts';
import { mentionsIn } from './_mentions.ts';
import type { CalendarDate, TimeContext } from './_resolve-time.ts';
import { sectionsOf } from './_sections.ts';
import { linesOf, plainText } from './_text.ts';
import { documentZoneWord, isTimelineLine, timelineOf } from './_timeline.ts';
import { bound, startPhraseIn, windowIn } from './_window.ts';
import { zoneChoiceFor, zoneFromWord } from './_zones.ts';

export interface AnalysisUpdate {
  text: string;
  postedAt: EpochMs | null;
  /** The incident status word of the update ("investigating", "resolved", "postmortem", …). */
  status: string;
}

export interface AnalysisInput {
  updates: readonly AnalysisUpdate[];
  postmortem: { text: string; publishedAt: EpochMs | null } | null;
  resolvedAt?: EpochMs | null;
  /** The day bare times are on when no post says (`--date`). */
  referenceAt?: EpochMs | null;
  /** The zone of times written without one (`--zone`): a table word, an offset or an IANA name. */
  defaultZone?: string | null;
}

/**
 * Reads an incident's updates and postmortem for what the vendor's own words say: the impact
 * window, sections, timeline, action items, and how they compare with the posts. Pure and total:
 * text it cannot read gives an empty analysis, never an exception.
 */
export function analyseIncidentText(input: AnalysisInput): IncidentAnalysis {
  try {
    return analyse(input);
  } catch (e) {
    const failed = emptyAnalysis();
    failed.anomalies.push({ kind: 'analysis_failed', reason: (e as Error).message });
    return failed;
  }
}

// --- internal ---

function analyse(input: AnalysisInput): IncidentAnalysis {
  const posted = postedFacts(input);
  const anomalies: AnalysisAnomaly[] = [];
  const docRaw =
    input.postmortem?.text ??
    lastWith(input.updates, 'postmortem')?.text ??
    updateWithTimeline(input.updates)?.text ??
    null;
  const doc = docRaw === null ? null : plainText(docRaw);
  const baseCtx = baseContext(input, posted);
  const sections = doc === null ? [] : sectionsOf(linesOf(doc));
  const timeline =
    doc === null ? [] : timelineOf(timelineLines(doc, sections), contextFor(doc, baseCtx));
  let { start, end } = proseBounds(input, doc, sections, baseCtx);
  const fromTimeline = boundsFromTimeline(timeline);
  if (start === null && fromTimeline.start?.at != null)
    start = timelineBound(fromTimeline.start.at, fromTimeline.start, doc);
  if (end === null && fromTimeline.end?.at != null)
    end = timelineBound(fromTimeline.end.at, fromTimeline.end, doc);
  ({ start, end } = checkAgainstPosts(start, end, posted, anomalies));
  const zeroMinutes = posted.firstPostAt !== null && posted.firstPostAt === posted.resolvedAt;
  if (start === null && (posted.count === 1 || zeroMinutes)) {
    anomalies.push({
      kind: 'zero_minute_without_window',
      reason: 'posted once, after the fact, and the text states no impact window',
    });
  }
  return {
    analysisVersion: ANALYSIS_VERSION,
    impactStartedAt: start,
    impactEndedAt: end,
    sections,
    timeline,
    actionItems: actionItemsOf(sections),
    impactDurationMinutes: minutesBetween(start?.at ?? null, end?.at ?? null),
    postedDurationMinutes: minutesBetween(posted.firstPostAt, posted.resolvedAt),
    postingLagMinutes: minutesBetween(start?.at ?? null, posted.firstPostAt),
    postmortemDelayMinutes: minutesBetween(posted.resolvedAt, posted.postmortemAt),
    zoneChoices: zoneChoices([start, end], doc),
    anomalies,
  };
}

function postedFacts(input: AnalysisInput): Posted {
  const posts = input.updates.filter((u) => u.status !== 'postmortem' && u.postedAt !== null);
  const times = posts.map((u) => u.postedAt ?? 0).sort((a, b) => a - b);
  const resolvedAt = input.resolvedAt ?? lastWith(input.updates, 'resolved')?.postedAt ?? null;
  const last = times.at(-1) ?? null;
  return {
    firstPostAt: times[0] ?? null,
    lastPostAt: last === null ? resolvedAt : Math.max(last, resolvedAt ?? last),
    resolvedAt,
    postmortemAt:
      input.postmortem?.publishedAt ?? lastWith(input.updates, 'postmortem')?.postedAt ?? null,
    count: posts.length,
  };
}

function lastWith(updates: readonly AnalysisUpdate[], status: string): AnalysisUpdate | undefined {
  return updates.filter((u) => u.status === status).at(-1);
}

/** Without a postmortem, an update that is itself a timeline (GitHub's 2012 imports) is the document. */
function updateWithTimeline(updates: readonly AnalysisUpdate[]): AnalysisUpdate | undefined {
  return updates
    .filter((u) => linesOf(plainText(u.text)).filter(isTimelineLine).length >= 2)
    .at(-1);
}

function baseContext(input: AnalysisInput, posted: Posted): TimeContext {
  const from = posted.firstPostAt;
  const to = posted.lastPostAt;
  return {
    referenceAt: input.referenceAt ?? from ?? posted.resolvedAt ?? posted.postmortemAt,
    documentDate: null,
    documentZone: null,
    defaultZone: input.defaultZone == null ? null : zoneFromWord(input.defaultZone),
    postedSpan: from !== null && to !== null ? { from, to } : null,
  };
}

/** A text's own "all times in X" and first full date fill what its sentences leave out. */
function contextFor(text: string, base: TimeContext): TimeContext {
  const word = documentZoneWord(text);
  return {
    ...base,
    documentZone: word === null ? null : zoneFromWord(word),
    documentDate: firstFullDate(text, base.referenceAt),
  };
}

function firstFullDate(text: string, near: EpochMs | null): CalendarDate | null {
  // The first date is near the top; a text with none is not read to its end for it.
  for (const line of linesOf(text).slice(0, 200)) {
    const d = mentionsIn(line, { near }).dates.find((x) => x.year !== null);
    if (d?.year != null) return { year: d.year, month: d.month, day: d.day };
  }
  return null;
}

/**
 * The first stated window, in order: the postmortem, postmortem updates, resolved updates, the
 * rest. Without a window, the start a summary's first timed sentence gives.
 */
function proseBounds(
  input: AnalysisInput,
  doc: string | null,
  sections: readonly PostmortemSection[],
  base: TimeContext,
): { start: ImpactBound | null; end: ImpactBound | null } {
  const texts = orderedTexts(input, doc);
  for (const text of texts) {
    const w = windowIn(text, contextFor(text, base));
    if (w !== null) return w;
  }
  // A headed "What happened?" beats the untitled opening (a page's title lines).
  const summary =
    sections.find((s) => s.kind === 'summary' && s.heading !== null) ??
    sections.find((s) => s.kind === 'summary' || s.kind === 'impact');
  const openers = [
    ...(summary === undefined || doc === null ? [] : [summary.text]),
    ...texts.slice(doc === null ? 0 : 1, 3),
  ];
  for (const text of openers) {
    const s = startPhraseIn(text, contextFor(doc ?? text, base));
    if (s !== null) return { start: s, end: null };
  }
  return { start: null, end: null };
}

function orderedTexts(input: AnalysisInput, doc: string | null): string[] {
  const rank = (s: string) => (s === 'postmortem' ? 0 : s === 'resolved' ? 1 : 2);
  const updates = [...input.updates]
    .filter((u) => u.text.trim() !== '')
    .sort((a, b) => rank(a.status) - rank(b.status) || (a.postedAt ?? 0) - (b.postedAt ?? 0))
    .map((u) => plainText(u.text));
  return doc === null ? updates : [doc, ...updates.filter((t) => t !== doc)];
}

function timelineLines(doc: string, sections: readonly PostmortemSection[]): string[] {
  const own = sections.filter((s) => s.kind === 'timeline');
  return own.length > 0 ? own.flatMap((s) => linesOf(s.text)) : linesOf(doc);
}

function timelineBound(
  at: EpochMs,
  entry: { written: string; text: string; assumptions: ImpactBound['assumptions'] },
  doc: string | null,
): ImpactBound {
  const zone = doc === null ? null : documentZoneWord(doc);
  const b = bound(
    {
      at,
      zone,
      dateWritten: true,
      zoneWritten: zone !== null,
      assumptions: entry.assumptions,
      mention: { kind: 'time', start: 0, end: 0, hour: 0, minute: 0, meridiem: null },
    },
    `${entry.written} - ${entry.text}`,
    'timeline',
  );
  return b;
}

function zoneChoices(bounds: (ImpactBound | null)[], doc: string | null): ZoneChoice[] {
  const labels = new Set<string>();
  for (const b of bounds) if (b?.zone != null) labels.add(b.zone);
  const word = doc === null ? null : documentZoneWord(doc);
  if (word !== null) labels.add(word);
  return [...labels].flatMap((l) => zoneChoiceFor(l) ?? []);
}
