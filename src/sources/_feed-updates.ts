import { epochFrom, type EpochMs } from '../domain/index.ts';
import { bodyFromHtml, type Body } from './_body.ts';

/**
 * A Statuspage history feed puts an incident's whole story in one entry's HTML, newest first:
 *   <p><small>Nov <var data-var='date'>20</var>, <var data-var='time'>18:35</var> PST</small><br>
 *   <strong>Resolved</strong> - body</p>
 * Upcoming maintenances are preceded by a `<strong>THIS IS A SCHEDULED EVENT …</strong>` window.
 * The stamps carry month and day but no year, in the page's own time zone.
 */

export interface FeedUpdate {
  /** The vendor's label exactly as shown ("In progress", "Update"). */
  label: string;
  /** null when the stamp could not be read. */
  at: EpochMs | null;
  body: Body;
}

export interface EntryContext {
  /** The entry's latest own time (published/updated), else the feed's: no update is after it. */
  anchorAt: EpochMs;
  /** UTC offsets (minutes) the feed writes beside its dates; they pick between label meanings. */
  offsetHints: readonly number[];
}

export interface EntryUpdates {
  /** Oldest first. */
  updates: FeedUpdate[];
  scheduledFor: EpochMs | null;
  scheduledUntil: EpochMs | null;
  warnings: string[];
}

export interface LocalStamp {
  /** Only when the stamp spells it out; otherwise inferred. */
  year: number | null;
  /** 0-11, as `Date.UTC` wants it. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** The zone word as written ("PST", "UTC", "+08"), null when absent. */
  zone: string | null;
}

const DAY_MS = 86_400_000;
// Bounded repeats keep these linear on hostile input: a stamp or a label is never long.
const HEADER =
  /(?:^|<p(?:\s[^>]{0,200})?>)\s*<small>([\s\S]{0,300}?)<\/small>\s*(?:<br\s*\/?>)?\s*<strong>([\s\S]{0,200}?)<\/strong>\s*(?:-|–|&ndash;)?\s*/gi;
const SCHEDULED_EVENT = /<strong>\s*THIS IS A SCHEDULED EVENT\s*([\s\S]{0,500}?)<\/strong>/i;

export function updatesFromEntryHtml(html: string, context: EntryContext): EntryUpdates {
  const warnings: string[] = [];
  const raw = splitUpdates(html);
  const stamps = raw.map((r) => {
    const stamp = parseStamp(r.stampText);
    if (stamp === null) warnings.push(`unreadable update time "${r.stampText}"`);
    return stamp;
  });
  const offsets = stamps.map((s) => offsetFor(s?.zone ?? null, context.offsetHints, warnings));
  const times = inferTimes(stamps, offsets, context.anchorAt);
  const updates = raw.map((r, i) => ({
    label: r.label,
    at: times[i] ?? null,
    body: bodyFromHtml(`<p>${r.bodyHtml}</p>`),
  }));
  const window = scheduledWindow(html, context, warnings);
  return { updates: updates.reverse(), ...window, warnings: [...new Set(warnings)] };
}

/**
 * Year inference. Updates are listed newest first and none is later than the entry's own
 * time, so walk them in that order and give each the latest year in which it falls no later than
 * the bound; the bound starts at the anchor and then becomes the newer update's time. A day of
 * slack on every bound absorbs clock skew and small reorderings without ever moving a stamp a
 * year back by mistake. An incident from Dec 31 to Jan 1 thus gets two different years.
 */
export function inferTimes(
  stamps: readonly (LocalStamp | null)[],
  offsetsMinutes: readonly number[],
  anchorAt: EpochMs,
): (EpochMs | null)[] {
  let bound = anchorAt + DAY_MS;
  return stamps.map((stamp, i) => {
    if (stamp === null) return null;
    const offset = offsetsMinutes[i] ?? 0;
    const at =
      stamp.year === null
        ? latestNotAfter(stamp, offset, bound)
        : instantOf(stamp, stamp.year, offset);
    if (at !== null) bound = at + DAY_MS;
    return at;
  });
}

/** "Nov 20, 18:35 PST", "Feb  8, 09:00 UTC", "Jan 3, 2021, 6:05 PM +08"; null when unreadable. */
export function parseStamp(text: string): LocalStamp | null {
  const m =
    /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?,?\s+(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?[Mm]\.?)?(?:\s+(\S+))?$/.exec(
      text.trim(),
    );
  if (m === null) return null;
  const month = MONTHS.indexOf((m[1] ?? '').toLowerCase());
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  if (m[6] !== undefined) hour = (hour % 12) + (m[6].toLowerCase() === 'p' ? 12 : 0);
  if (month < 0 || hour > 23 || minute > 59) return null;
  const year = m[3] === undefined ? null : Number(m[3]);
  return { year, month, day: Number(m[2]), hour, minute, zone: m[7] ?? null };
}

/**
 * A zone word's UTC offset in minutes. Labels are ambiguous (CST is Chicago or Shanghai, IST is
 * India, Ireland or Israel), so a candidate that matches an offset the feed itself writes wins.
 * The feed's offset is not used directly: an entry published in PST may hold updates stamped
 * PDT, and RSS writes every date in +0000. Unknown words fall back to the entry's own offset.
 */
export function offsetFor(
  zone: string | null,
  hints: readonly number[],
  warnings: string[],
): number {
  if (zone === null) return hints[0] ?? 0;
  const numeric = numericOffset(zone);
  if (numeric !== null) return numeric;
  const candidates = ZONE_OFFSETS[zone.toUpperCase()];
  if (candidates === undefined) {
    warnings.push(`unknown time zone "${zone}", read with the entry's own UTC offset`);
    return hints[0] ?? 0;
  }
  return candidates.find((c) => hints.includes(c)) ?? candidates[0] ?? 0;
}

// --- internal ---

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Common zone words, most likely meaning first. */
const ZONE_OFFSETS: Record<string, readonly number[]> = {
  UTC: [0],
  GMT: [0],
  UT: [0],
  Z: [0],
  WET: [0],
  WEST: [60],
  BST: [60, 360],
  IST: [330, 60, 120],
  CET: [60],
  CEST: [120],
  MET: [60],
  MEST: [120],
  EET: [120],
  EEST: [180],
  MSK: [180],
  TRT: [180],
  IDT: [180],
  GST: [240],
  PKT: [300],
  NPT: [345],
  ICT: [420],
  WIB: [420],
  HKT: [480],
  SGT: [480],
  AWST: [480],
  PHT: [480],
  JST: [540],
  KST: [540],
  ACST: [570],
  ACDT: [630],
  AEST: [600],
  AEDT: [660],
  NZST: [720],
  NZDT: [780],
  NST: [-210],
  NDT: [-150],
  AST: [-240, 180],
  ADT: [-180],
  EST: [-300],
  EDT: [-240],
  CST: [-360, 480, -300],
  CDT: [-300, -240],
  MST: [-420],
  MDT: [-360],
  PST: [-480, 480],
  PDT: [-420],
  AKST: [-540],
  AKDT: [-480],
  HST: [-600],
  HDT: [-540],
  BRT: [-180],
  ART: [-180],
};

interface RawUpdate {
  stampText: string;
  label: string;
  bodyHtml: string;
}

function splitUpdates(html: string): RawUpdate[] {
  const matches = [...html.matchAll(HEADER)];
  return matches.map((m, i) => {
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? html.length;
    const bodyHtml = withoutParagraphEdge(html.slice(start, end));
    return { stampText: textOf(m[1] ?? ''), label: textOf(m[2] ?? ''), bodyHtml };
  });
}

/** A body runs up to the next update's `<p>`, so it ends in `</p>` and maybe that `<p>`. */
function withoutParagraphEdge(body: string): string {
  let rest = body.trimEnd();
  const opener = /<p(?:\s[^>]{0,200})?>$/i.exec(rest.slice(-210));
  if (opener !== null) rest = rest.slice(0, rest.length - opener[0].length).trimEnd();
  return rest.toLowerCase().endsWith('</p>') ? rest.slice(0, -4).trimEnd() : rest;
}

function textOf(html: string): string {
  return html
    .replace(/<[^<>]*>/g, '')
    .replace(/&nbsp;|\u00a0/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function numericOffset(zone: string): number | null {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
  if (m === null) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** The instant of a local stamp in a given year, or null when the day does not exist (Feb 29). */
function instantOf(stamp: LocalStamp, year: number, offsetMinutes: number): EpochMs | null {
  const local = epochFrom(Date.UTC(year, stamp.month, stamp.day, stamp.hour, stamp.minute));
  if (local === null) return null;
  const check = new Date(local);
  if (check.getUTCMonth() !== stamp.month || check.getUTCDate() !== stamp.day) return null;
  return epochFrom(local - offsetMinutes * 60_000);
}

function latestNotAfter(stamp: LocalStamp, offset: number, bound: EpochMs): EpochMs | null {
  const boundYear = new Date(bound).getUTCFullYear();
  for (let year = boundYear + 1; year >= boundYear - 4; year--) {
    const at = instantOf(stamp, year, offset);
    if (at !== null && at <= bound) return at;
  }
  return null;
}

/** The year nearest the anchor: a window may lie ahead of the entry's time or just behind it. */
function nearestYear(stamp: LocalStamp, offset: number, anchor: EpochMs): number | null {
  if (stamp.year !== null) return stamp.year;
  const anchorYear = new Date(anchor).getUTCFullYear();
  let best: { year: number; distance: number } | null = null;
  for (const year of [anchorYear - 1, anchorYear, anchorYear + 1]) {
    const at = instantOf(stamp, year, offset);
    const distance = at === null ? Infinity : Math.abs(at - anchor);
    if (distance < (best?.distance ?? Infinity)) best = { year, distance };
  }
  return best?.year ?? null;
}

interface Window {
  scheduledFor: EpochMs | null;
  scheduledUntil: EpochMs | null;
}

/**
 * "Oct 27, 15:00 - 16:00 UTC" or "Feb 8, 22:00 UTC - Feb 9, 13:00 UTC". An end without a date
 * is on the start's day, or the next one when its hour is earlier.
 */
function scheduledWindow(html: string, context: EntryContext, warnings: string[]): Window {
  const found = SCHEDULED_EVENT.exec(html);
  if (found === null) return { scheduledFor: null, scheduledUntil: null };
  const text = textOf(found[1] ?? '');
  const [fromText = '', untilText = ''] = text.split(/\s+-\s+/);
  const from = parseStamp(fromText);
  const datedUntil = parseStamp(untilText);
  const until = datedUntil ?? timeOnly(untilText, from);
  const offset = offsetFor(from?.zone ?? until?.zone ?? null, context.offsetHints, warnings);
  const year = from === null ? null : nearestYear(from, offset, context.anchorAt);
  if (from === null || until === null || year === null) {
    warnings.push(`unreadable maintenance window "${text}"`);
    return { scheduledFor: null, scheduledUntil: null };
  }
  const scheduledFor = instantOf(from, year, offset);
  let scheduledUntil = instantOf(until, until.year ?? year, offset);
  if (
    scheduledFor !== null &&
    scheduledUntil !== null &&
    scheduledUntil < scheduledFor &&
    until.year === null
  ) {
    // Ends before it starts: a dated end is in the next year (Dec 31 - Jan 1), a bare time the next day.
    scheduledUntil =
      datedUntil === null ? scheduledUntil + DAY_MS : instantOf(until, year + 1, offset);
  }
  return { scheduledFor, scheduledUntil };
}

/** "16:00 UTC" after a dated start: the start's date with this time. */
function timeOnly(text: string, from: LocalStamp | null): LocalStamp | null {
  const m = /^(\d{1,2}):(\d{2})(?:\s+(\S+))?$/.exec(text.trim());
  if (m === null || from === null) return null;
  return { ...from, hour: Number(m[1]), minute: Number(m[2]), zone: m[3] ?? from.zone };
}
