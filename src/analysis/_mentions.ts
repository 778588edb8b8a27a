import { ZONE_PATTERN, zoneFromMatch, type Zone } from './_zones.ts';

/**
 * Dates, times and zones written in one sentence, with their positions. Each pattern is a flat
 * sequence (no nested quantifiers), so a scan is linear in the sentence's length.
 */

export interface TimeMention {
  kind: 'time';
  start: number;
  end: number;
  hour: number;
  minute: number;
  /** 'am' / 'pm' when written; null for a 24-hour or unmarked 12-hour time. */
  meridiem: 'am' | 'pm' | null;
}

export interface DateMention {
  kind: 'date';
  start: number;
  end: number;
  year: number | null;
  month: number;
  day: number;
  /** A numeric date whose day/month order was chosen, not certain. */
  dayFirstGuess: boolean;
  /** The other reading of an ambiguous numeric date (month/day swapped). */
  swapped: { month: number; day: number } | null;
}

export interface ZoneMention {
  kind: 'zone';
  start: number;
  end: number;
  zone: Zone;
}

export interface Mentions {
  times: TimeMention[];
  dates: DateMention[];
  zones: ZoneMention[];
}

/** More mentions than this in one sentence is a table or noise, not prose. */
const MAX_MENTIONS = 40;

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
const MONTH_WORD =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

const TIME = /(?<![\d:.])(\d{1,2}):(\d{2})(?::\d{2})?(?!\d)(?:\s?([ap])\.?m\b\.?)?/gi;
const HOUR_ONLY = /(?<![\d:.])(\d{1,2})\s?([ap])\.?m\b\.?/gi;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/g;
const MONTH_FIRST = new RegExp(
  `\\b${MONTH_WORD}\\.?\\s{1,3}(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s{1,3}(\\d{4})(?!\\d))?`,
  'g',
);
const DAY_FIRST = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s{1,3}(?:of\\s{1,3})?${MONTH_WORD}\\b\\.?(?:,?\\s{1,3}(\\d{4})(?!\\d))?`,
  'g',
);

export function mentionsIn(sentence: string, context: { near: number | null }): Mentions {
  const dates = [
    ...scan(ISO_DATE, sentence, (m) => isoDate(m)),
    ...scan(NUMERIC_DATE, sentence, (m) => numericDate(m, context.near)),
    ...scan(MONTH_FIRST, sentence, (m) => wordDate(m, 1, 2, 3)),
    ...scan(DAY_FIRST, sentence, (m) => wordDate(m, 2, 1, 3)),
  ];
  const times = [...scan(TIME, sentence, clockTime), ...scan(HOUR_ONLY, sentence, hourOnly)];
  const zones = scan(ZONE_PATTERN, sentence, (m): ZoneMention | null => {
    const zone = zoneFromMatch(m);
    return zone === null
      ? null
      : { kind: 'zone', start: m.index, end: m.index + m[0].length, zone };
  });
  return {
    times: dropOverlaps(times, dates),
    dates: dedupe(dates),
    zones,
  };
}

// --- internal ---

function scan<T>(re: RegExp, text: string, make: (m: RegExpExecArray) => T | null): T[] {
  const out: T[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < MAX_MENTIONS; m = re.exec(text)) {
    const v = make(m);
    if (v !== null) out.push(v);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

function clockTime(m: RegExpExecArray): TimeMention | null {
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const ap = m[3]?.toLowerCase();
  if (minute > 59 || hour > 24 || (ap !== undefined && (hour === 0 || hour > 12))) return null;
  const meridiem = ap === 'a' ? 'am' : ap === 'p' ? 'pm' : null;
  return { kind: 'time', start: m.index, end: m.index + m[0].length, hour, minute, meridiem };
}

function hourOnly(m: RegExpExecArray): TimeMention | null {
  const hour = Number(m[1]);
  if (hour === 0 || hour > 12) return null;
  const meridiem = m[2]?.toLowerCase() === 'a' ? 'am' : 'pm';
  return { kind: 'time', start: m.index, end: m.index + m[0].length, hour, minute: 0, meridiem };
}

function isoDate(m: RegExpExecArray): DateMention | null {
  return dateMention(m, Number(m[1]), Number(m[2]), Number(m[3]), false, null);
}

/** Day-first unless impossible; when both readings exist, the one nearer the incident wins. */
function numericDate(m: RegExpExecArray, near: number | null): DateMention | null {
  const a = Number(m[1]);
  const b = Number(m[3]);
  const year = Number(m[4]);
  if (a > 12 || b > 12 || a === b) {
    return a > 12 || a === b
      ? dateMention(m, year, b, a, false, null)
      : dateMention(m, year, a, b, false, null);
  }
  const dayFirst = Date.UTC(year, b - 1, a);
  const monthFirst = Date.UTC(year, a - 1, b);
  const preferMonthFirst = near !== null && Math.abs(monthFirst - near) < Math.abs(dayFirst - near);
  return preferMonthFirst
    ? dateMention(m, year, a, b, true, { month: b, day: a })
    : dateMention(m, year, b, a, true, { month: a, day: b });
}

function wordDate(m: RegExpExecArray, monthAt: number, dayAt: number, yearAt: number) {
  const month = MONTHS.indexOf(
    (m[monthAt] ?? '').slice(0, 3).toLowerCase() as (typeof MONTHS)[number],
  );
  const year = m[yearAt] === undefined ? null : Number(m[yearAt]);
  return dateMention(m, year, month + 1, Number(m[dayAt]), false, null);
}

function dateMention(
  m: RegExpExecArray,
  year: number | null,
  month: number,
  day: number,
  dayFirstGuess: boolean,
  swapped: DateMention['swapped'],
): DateMention | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (year !== null && (year < 1990 || year > 2100)) return null;
  const end = m.index + m[0].length;
  return { kind: 'date', start: m.index, end, year, month, day, dayFirstGuess, swapped };
}

/** A time inside a date match (never happens for the patterns above) or a duplicate is dropped. */
function dropOverlaps(times: TimeMention[], dates: DateMention[]): TimeMention[] {
  const sorted = times.sort((a, b) => a.start - b.start);
  const out: TimeMention[] = [];
  for (const t of sorted) {
    if (out.some((o) => t.start < o.end && o.start < t.end)) continue;
    if (dates.some((d) => t.start >= d.start && t.end <= d.end)) continue;
    out.push(t);
  }
  return out;
}

function dedupe(dates: DateMention[]): DateMention[] {
  const sorted = dates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateMention[] = [];
  for (const d of sorted) if (!out.some((o) => d.start < o.end && o.start < d.end)) out.push(d);
  return out;
}
