import type { Confidence, ImpactBound, BoundSource } from '../domain/incident-analysis.ts';
import { mentionsIn } from './_mentions.ts';
import { resolveTimes, type ResolvedTime, type TimeContext } from './_resolve-time.ts';
import { linesOf, quote, sentencesOf } from './_text.ts';

/** An impact window read from prose: both bounds come from the same text. */
export interface ProseWindow {
  start: ImpactBound | null;
  end: ImpactBound | null;
}

/**
 * The windows a text states ("between X and Y", "from X to Y", "(08:45 – 09:13 UTC)", "Incident
 * Start: …"), merged into one: a vendor that lists two periods was hurting from the first start to
 * the last end. Null when the text states none.
 */
export function windowIn(text: string, ctx: TimeContext): ProseWindow | null {
  let start: ImpactBound | null = null;
  let end: ImpactBound | null = null;
  for (const sentence of sentences(text)) {
    for (const [a, b] of pairsIn(sentence, ctx)) {
      if (a !== null && (start === null || a.at < start.at)) start = a;
      if (b !== null && (end === null || b.at > end.at)) end = b;
    }
  }
  return start === null && end === null ? null : { start, end };
}

/**
 * "On Tuesday, January 23, 2018 at approximately 2:13 PM PST, …": the start a summary's first
 * timed sentence gives. Only that sentence counts; later "at X" are steps, not the start.
 */
export function startPhraseIn(text: string, ctx: TimeContext): ImpactBound | null {
  for (const sentence of sentences(text)) {
    const m = mentionsIn(sentence, { near: ctx.referenceAt });
    if (m.times.length === 0) continue;
    const first = resolveTimes(sentence, m, ctx)[0];
    if (first === undefined) return null;
    const lead = sentence.slice(Math.max(0, first.mention.start - 40), first.mention.start);
    if (!/\b(?:at|around|since|starting|began|beginning)\b[^.]*$/i.test(lead)) return null;
    if (ENDING.test(sentence.slice(0, first.mention.start)) || FORWARD.test(sentence)) return null;
    return bound(first, sentence, 'start_phrase');
  }
  return null;
}

export function bound(r: ResolvedTime, sentence: string, source: BoundSource): ImpactBound {
  return {
    at: r.at,
    sentence: quote(sentence),
    confidence: confidenceOf(r, source),
    source,
    zone: r.zone,
    assumptions: r.assumptions,
  };
}

// --- internal ---

const MAX_TIMED_SENTENCES = 200;
const HAS_TIME = /\d:\d\d|\d\s?[ap]\.?m\b/i;
const ENDING = /\b(?:complete[d]?|resolved|restored|recovered|ended|mitigated|until|by)\b/i;
const FORWARD = /\b(?:next update|will|ETA|expect(?:ed)?)\b/i;
const OPENING = /\b(?:between|from|starting)\b/i;
const CONNECTOR = /\b(?:and|to|through|until|till)\b|[-\u2013\u2014]/;
const LABEL_START = /^\W{0,4}(?:incident|impact|outage|issue)\s+(?:start(?:ed)?|began|begin)\b/i;
const LABEL_END = /^\W{0,4}(?:incident|impact|outage|issue)\s+(?:end(?:ed)?|resolved)\b/i;

/** Sentences that write a clock time, at most MAX_TIMED_SENTENCES: a window is stated early. */
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of linesOf(text)) {
    if (!HAS_TIME.test(line)) continue;
    for (const s of sentencesOf(line)) {
      if (!HAS_TIME.test(s)) continue;
      out.push(s);
      if (out.length >= MAX_TIMED_SENTENCES) return out;
    }
  }
  return out;
}

function pairsIn(sentence: string, ctx: TimeContext): [ImpactBound | null, ImpactBound | null][] {
  const m = mentionsIn(sentence, { near: ctx.referenceAt });
  if (m.times.length === 0) return [];
  const times = resolveTimes(sentence, m, ctx);
  const labelled = labelledBound(sentence, times);
  if (labelled !== null) return [labelled];
  const out: [ImpactBound, ImpactBound][] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i];
    const b = times[i + 1];
    if (a === undefined || b === undefined || !isPair(sentence, a, b)) continue;
    out.push([bound(a, sentence, 'window'), bound(b, sentence, 'window')]);
    i++;
  }
  return out;
}

function isPair(sentence: string, a: ResolvedTime, b: ResolvedTime): boolean {
  const gap = sentence.slice(a.mention.end, b.mention.start);
  if (gap.length > 60 || !CONNECTOR.test(gap)) return false;
  const lead = sentence.slice(Math.max(0, a.mention.start - 60), a.mention.start);
  if (OPENING.test(lead)) return true;
  // "(08:45 – 09:13 UTC)": a short dash range needs no "between".
  return /^\s*(?:[A-Z]{2,5}\s*)?[-\u2013\u2014]\s*$/.test(gap);
}

/** GCP: "Incident Start: 29 June 2022 13:54" / "Incident End: …", one line each. */
function labelledBound(
  sentence: string,
  times: ResolvedTime[],
): [ImpactBound | null, ImpactBound | null] | null {
  const first = times[0];
  if (first === undefined) return null;
  if (LABEL_START.test(sentence)) return [bound(first, sentence, 'labelled'), null];
  if (LABEL_END.test(sentence)) return [null, bound(first, sentence, 'labelled')];
  return null;
}

function confidenceOf(r: ResolvedTime, source: BoundSource): Confidence {
  const guessed = r.assumptions.some(
    (a) => a === 'zone_assumed_utc' || a === 'pm_from_posts' || a === 'zone_from_context',
  );
  if (guessed) return 'low';
  if (source === 'timeline') return 'medium';
  return r.zoneWritten && r.dateWritten ? 'high' : 'medium';
}
