import type { TimelineEntry } from '../domain/incident-analysis.ts';
import { mentionsIn } from './_mentions.ts';
import {
  calendarDateIn,
  resolveTimes,
  usesTwentyFourHours,
  type TimeContext,
} from './_resolve-time.ts';
import { quote } from './_text.ts';
import { ZONE_PATTERN, zoneFromWord } from './_zones.ts';

/**
 * Timeline lines as vendors write them: "2018-01-23 02:13 PM - …", "10:05. …",
 * "- **09:15 GMT** – …", "| 2021-03-31 12:06 | … |", "* 11:10 6th Nov 2023 - …".
 */

const LEAD = /^[\s|*\-\u2022+>]*/;
const STARTS_WITH_TIME =
  /^(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s|[A-Z][a-z]{2,8}\.?\s\d{1,2},?\s(?:\d{4}\s)?)?\d{1,2}:\d{2}(?!\d)/;
/** A real timeline has tens of lines; more is a log paste, read only this far. */
export const MAX_TIMELINE_ENTRIES = 200;
/** The time part of a line is in its first characters; the event follows. */
const PREFIX_CHARS = 48;

/** Cheap syntax check, no time resolution: does this line open with a time? */
export function isTimelineLine(line: string): boolean {
  return STARTS_WITH_TIME.test(line.replace(LEAD, ''));
}

/** One line → an entry; null when it does not open with a time. */
export function timelineEntryOf(line: string, ctx: TimeContext): TimelineEntry | null {
  const body = line.replace(LEAD, '');
  if (!STARTS_WITH_TIME.test(body)) return null;
  const head = body.slice(0, PREFIX_CHARS);
  const m = mentionsIn(head, { near: ctx.referenceAt });
  const first = m.times[0];
  if (first === undefined) return null;
  const endOfWritten = contiguousEnd(head, [...m.dates, ...m.times, ...m.zones]);
  const written = head.slice(0, endOfWritten);
  const resolved = resolveTimes(written, mentionsIn(written, { near: ctx.referenceAt }), ctx)[0];
  const text = quote(body.slice(endOfWritten).replace(/^[\s*|.:,\-\u2013\u2014]+/, ''))
    .replace(/\s*\|\s*$/, '')
    .replace(/\s*\|\s*/g, ' | ');
  return {
    at: resolved?.at ?? null,
    written: quote(written),
    text,
    assumptions: resolved?.assumptions ?? [],
  };
}

/**
 * Entries of consecutive lines, dates carried forward: a line without a date is on the day of the
 * line before it, or the next day when its time is more than an hour earlier.
 */
export function timelineOf(lines: readonly string[], ctx: TimeContext): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  // A timeline with a 14:05 anywhere counts hours to 24: its 02:56 is not afternoon.
  const heads = lines
    .filter(isTimelineLine)
    .slice(0, MAX_TIMELINE_ENTRIES)
    .map((l) => l.replace(LEAD, '').slice(0, PREFIX_CHARS));
  const clock24 = usesTwentyFourHours(heads.flatMap((h) => mentionsIn(h, { near: null }).times));
  let carried = clock24 ? { ...ctx, postedSpan: null } : ctx;
  for (const line of lines) {
    if (out.length >= MAX_TIMELINE_ENTRIES) break;
    const entry = timelineEntryOf(line, carried);
    if (entry === null) continue;
    const prev = out.at(-1);
    const dateCarried = entry.assumptions.includes('date_from_context');
    if (prev?.at != null && entry.at !== null && dateCarried && entry.at < prev.at - 3_600_000) {
      entry.at += 86_400_000;
      entry.assumptions.push('next_day');
    }
    out.push(entry);
    if (entry.at !== null) {
      const zone = carried.documentZone;
      carried = { ...carried, documentDate: calendarDateIn(entry.at, zone) };
    }
  }
  return out;
}

/**
 * The zone a document's bare times are in: its "All times in UTC." / "Timeline (all times are in
 * CET):" / "(All Times US/Pacific)", else the first zone it writes anywhere (seed 001 writes "PST"
 * once, in its summary, and none in its timeline).
 */
export function documentZoneWord(text: string): string | null {
  return statedZoneWord(text) ?? firstZoneWord(text);
}

// --- internal ---

function firstZoneWord(text: string): string | null {
  ZONE_PATTERN.lastIndex = 0;
  const m = ZONE_PATTERN.exec(text.length > 20_000 ? text.slice(0, 20_000) : text);
  return m === null ? null : m[0].replace(/\s/g, '');
}

function statedZoneWord(text: string): string | null {
  const m =
    /\ball times\b[\s:,]{0,3}(?:are\s{1,3})?(?:(?:shown|given|listed)\s{1,3})?(?:in\s{1,3})?(?:the\s{1,3})?([A-Za-z][A-Za-z/_]{0,30}(?:[+-]\d{1,2}(?::?\d{2})?)?)/i.exec(
      text,
    );
  const word = m?.[1];
  if (word === undefined) return null;
  return zoneFromWord(word) === null ? null : word;
}

/** Where the run of date/time/zone words that opens the line ends. */
function contiguousEnd(head: string, mentions: { start: number; end: number }[]): number {
  const sorted = mentions.sort((a, b) => a.start - b.start);
  let end = 0;
  for (const x of sorted) {
    if (x.start < end) continue;
    if (!/^[\s,]*(?:on\s+|at\s+)?(?:\*\*)?[\s,]*$/.test(head.slice(end, x.start))) break;
    end = x.end;
  }
  return end;
}
