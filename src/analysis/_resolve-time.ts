import type { EpochMs } from '../domain/model.ts';
import type { TimeAssumption } from '../domain/incident-analysis.ts';
import type { DateMention, Mentions, TimeMention } from './_mentions.ts';
import { offsetMinutesAt, wallTimeToUtc, type Zone } from './_zones.ts';

/** What the surrounding incident tells us when a sentence leaves something out. */
export interface TimeContext {
  /** The incident's first post (or start): the day a bare time is on, the year a bare date is in. */
  referenceAt: EpochMs | null;
  /** The first full date the document writes ("on the 27/01/2022"): a bare time's day. */
  documentDate: CalendarDate | null;
  /** "All times in UTC", "Timeline (all times are in CET)". */
  documentZone: Zone | null;
  /** `--zone`, or the zone the vendor's page is shown in. */
  defaultZone: Zone | null;
  /** First and last post: the span an unmarked 12-hour time is read near. */
  postedSpan: { from: EpochMs; to: EpochMs } | null;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ResolvedTime {
  at: EpochMs;
  zone: string | null;
  dateWritten: boolean;
  zoneWritten: boolean;
  assumptions: TimeAssumption[];
  mention: TimeMention;
}

/** A bare 12-hour time is read as afternoon only when the morning reading is this far off. */
const PM_SWITCH_MS = 6 * 3_600_000;
const DAY_MS = 86_400_000;

/** Every time in one sentence, resolved to UTC; unresolvable times are left out. */
export function resolveTimes(sentence: string, m: Mentions, base: TimeContext): ResolvedTime[] {
  // "between 06:39 and 18:11 UTC": a sentence that writes a 24-hour time uses the 24-hour clock.
  const ctx = usesTwentyFourHours(m.times) ? { ...base, postedSpan: null } : base;
  const bound = m.times.map((t, i) => ({ t, date: dateFor(sentence, m, i), zone: zoneFor(m, i) }));
  const out: ResolvedTime[] = [];
  for (let i = 0; i < bound.length; i++) {
    const b = bound[i];
    if (b === undefined) continue;
    const partner = nearestDated(bound, i);
    const r = resolveOne(b.t, b.date ?? partner?.date ?? null, b.zone, ctx);
    if (r === null) continue;
    if (b.date === null && partner !== undefined)
      crossMidnight(r, partner.index < i, bound, i, ctx);
    out.push(r);
  }
  return out;
}

/** A calendar date in `zone` of an instant (for a bare time on "the incident's day"). */
export function calendarDateIn(at: EpochMs, zone: Zone | null): CalendarDate {
  const d = new Date(at + (zone === null ? 0 : offsetMinutesAt(zone, at)) * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Any unmarked time past 12 or at 0 h: the writer counts hours to 24. */
export function usesTwentyFourHours(times: readonly TimeMention[]): boolean {
  return times.some((t) => t.meridiem === null && (t.hour >= 13 || t.hour === 0));
}

// --- internal ---

interface Bound {
  t: TimeMention;
  date: DateMention | null;
  zone: Zone | null;
}

function dateFor(sentence: string, m: Mentions, i: number): DateMention | null {
  const t = m.times[i];
  if (t === undefined) return null;
  const next = m.times[i + 1];
  const prev = m.times[i - 1];
  // A date right after the time ("13:00 UTC June 1", "10:40 CET on the 27/01/2022") is its own.
  const after = m.dates.find(
    (d) => d.start >= t.end && (next === undefined || d.end <= next.start),
  );
  if (after !== undefined && onlyGlue(sentence.slice(t.end, after.start))) return after;
  const before = m.dates.filter(
    (d) => d.end <= t.start && (prev === undefined || d.start >= prev.end),
  );
  const last = before.at(-1);
  if (last !== undefined && !(prev !== undefined && ownedByPrevious(sentence, prev, last)))
    return last;
  return null;
}

function ownedByPrevious(sentence: string, prev: TimeMention, d: DateMention): boolean {
  return onlyGlue(sentence.slice(prev.end, d.start));
}

/** Between a time and its date: a zone, "on the", a weekday, punctuation. */
function onlyGlue(gap: string): boolean {
  if (gap.length > 40) return false;
  const rest = gap
    .replace(/\b(?:[A-Z]{2,5}|UTC[+\-\u2212]\d{1,2}(?::?\d{2})?|US\/[A-Za-z]+)\b/g, '')
    .replace(/\b(?:on|of|the|at)\b/gi, '')
    .replace(/\b[A-Z][a-z]{2,5}day\b/g, '');
  return /^[\s,()]*$/.test(rest);
}

function zoneFor(m: Mentions, i: number): Zone | null {
  const t = m.times[i];
  if (t === undefined) return null;
  const after = m.zones.find((z) => z.start >= t.end && z.start - t.end <= 80);
  if (after !== undefined) return after.zone;
  return m.zones.filter((z) => z.end <= t.start).at(-1)?.zone ?? null;
}

function nearestDated(bound: Bound[], i: number): { date: DateMention; index: number } | undefined {
  let best: { date: DateMention; index: number } | undefined;
  for (let j = 0; j < bound.length; j++) {
    const d = bound[j]?.date;
    if (j === i || d === undefined || d === null) continue;
    if (best === undefined || Math.abs(j - i) < Math.abs(best.index - i))
      best = { date: d, index: j };
  }
  return best;
}

function resolveOne(
  t: TimeMention,
  written: DateMention | null,
  writtenZone: Zone | null,
  ctx: TimeContext,
): ResolvedTime | null {
  const assumptions: TimeAssumption[] = [];
  const zone = pickZone(writtenZone, ctx, assumptions);
  const date = pickDate(written, zone, ctx, assumptions);
  if (date === null) return null;
  const at = pickMeridiem(t, date, zone, ctx, assumptions);
  return {
    at,
    zone: zone?.label ?? null,
    dateWritten: written !== null,
    zoneWritten: writtenZone !== null,
    assumptions,
    mention: t,
  };
}

function pickZone(written: Zone | null, ctx: TimeContext, a: TimeAssumption[]): Zone | null {
  if (written !== null) return written;
  if (ctx.documentZone !== null) {
    a.push('zone_from_document');
    return ctx.documentZone;
  }
  if (ctx.defaultZone !== null) {
    a.push('zone_from_context');
    return ctx.defaultZone;
  }
  a.push('zone_assumed_utc');
  return null;
}

function pickDate(
  d: DateMention | null,
  zone: Zone | null,
  ctx: TimeContext,
  a: TimeAssumption[],
): CalendarDate | null {
  if (d !== null) {
    if (d.dayFirstGuess) a.push('day_first_date');
    if (d.year !== null) return { year: d.year, month: d.month, day: d.day };
    if (ctx.referenceAt === null) return null;
    a.push('year_from_context');
    return { year: yearNear(d, ctx.referenceAt), month: d.month, day: d.day };
  }
  if (ctx.documentDate !== null) {
    a.push('date_from_context');
    return ctx.documentDate;
  }
  if (ctx.referenceAt === null) return null;
  a.push('date_from_context');
  return calendarDateIn(ctx.referenceAt, zone);
}

/** "Dec 31" written in a January post is last year's. */
function yearNear(d: DateMention, ref: EpochMs): number {
  const y = new Date(ref).getUTCFullYear();
  const candidate = Date.UTC(y, d.month - 1, d.day);
  if (candidate - ref > 180 * DAY_MS) return y - 1;
  if (ref - candidate > 180 * DAY_MS) return y + 1;
  return y;
}

function pickMeridiem(
  t: TimeMention,
  date: CalendarDate,
  zone: Zone | null,
  ctx: TimeContext,
  a: TimeAssumption[],
): EpochMs {
  const utc = zone ?? { kind: 'fixed' as const, label: 'UTC', offsetMinutes: 0 };
  const at = (h: number) => wallTimeToUtc(utc, date.year, date.month, date.day, h % 24, t.minute);
  if (t.meridiem === 'pm') return at(t.hour === 12 ? 12 : t.hour + 12);
  if (t.meridiem === 'am') return at(t.hour === 12 ? 0 : t.hour);
  const morning = at(t.hour);
  const span = ctx.postedSpan;
  if (span === null || t.hour < 1 || t.hour > 11) return morning;
  const evening = at(t.hour + 12);
  const far = (x: number) => (x < span.from ? span.from - x : x > span.to ? x - span.to : 0);
  if (far(morning) > PM_SWITCH_MS && far(evening) < far(morning)) {
    a.push('pm_from_posts');
    return evening;
  }
  return morning;
}

/** "between 23:40 and 00:20 UTC on July 3": the bare end is on the next day. */
function crossMidnight(
  r: ResolvedTime,
  partnerBefore: boolean,
  bound: Bound[],
  i: number,
  ctx: TimeContext,
): void {
  const partnerIndex = partnerBefore ? i - 1 : i + 1;
  const p = bound[partnerIndex];
  if (p?.date === null || p === undefined) return;
  const partner = resolveOne(p.t, p.date, p.zone, ctx);
  if (partner === null) return;
  if (partnerBefore && r.at < partner.at) {
    r.at += DAY_MS;
    r.assumptions.push('next_day');
  } else if (!partnerBefore && r.at > partner.at) {
    r.at -= DAY_MS;
    r.assumptions.push('next_day');
  }
}
