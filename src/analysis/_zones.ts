import type { ZoneChoice } from '../domain/incident-analysis.ts';

/**
 * Zone words vendors write after a time. A fixed abbreviation means a fixed offset, even out of
 * season ("PST" in July still means UTC-8: we read what was written). A generic word ("PT",
 * "ET", "US/Pacific") follows daylight saving on that date, through Intl and the IANA zone.
 */
export type Zone =
  | { kind: 'fixed'; label: string; offsetMinutes: number }
  | { kind: 'iana'; label: string; iana: string };

interface ZoneRow {
  offset?: number;
  iana?: string;
  /** Other readings of the same letters; the row's own reading is the documented choice. */
  alternatives?: string[];
  meaning: string;
}

/** The documented table (README "Reading vendors' words"): abbreviation → reading. */
export const ZONE_TABLE: Readonly<Record<string, ZoneRow>> = {
  UTC: { offset: 0, meaning: 'UTC' },
  GMT: { offset: 0, meaning: 'Greenwich Mean Time, UTC+00:00' },
  WET: { offset: 0, meaning: 'Western European Time, UTC+00:00' },
  WEST: { offset: 60, meaning: 'Western European Summer Time, UTC+01:00' },
  BST: {
    offset: 60,
    meaning: 'British Summer Time, UTC+01:00',
    alternatives: ['Bangladesh Standard Time, UTC+06:00'],
  },
  IST: {
    offset: 330,
    meaning: 'India Standard Time, UTC+05:30',
    alternatives: ['Irish Standard Time, UTC+01:00', 'Israel Standard Time, UTC+02:00'],
  },
  CET: { offset: 60, meaning: 'Central European Time, UTC+01:00' },
  CEST: { offset: 120, meaning: 'Central European Summer Time, UTC+02:00' },
  EET: { offset: 120, meaning: 'Eastern European Time, UTC+02:00' },
  EEST: { offset: 180, meaning: 'Eastern European Summer Time, UTC+03:00' },
  EST: { offset: -300, meaning: 'US Eastern Standard Time, UTC-05:00' },
  EDT: { offset: -240, meaning: 'US Eastern Daylight Time, UTC-04:00' },
  CST: {
    offset: -360,
    meaning: 'US Central Standard Time, UTC-06:00',
    alternatives: ['China Standard Time, UTC+08:00'],
  },
  CDT: { offset: -300, meaning: 'US Central Daylight Time, UTC-05:00' },
  MST: { offset: -420, meaning: 'US Mountain Standard Time, UTC-07:00' },
  MDT: { offset: -360, meaning: 'US Mountain Daylight Time, UTC-06:00' },
  PST: { offset: -480, meaning: 'US Pacific Standard Time, UTC-08:00' },
  PDT: { offset: -420, meaning: 'US Pacific Daylight Time, UTC-07:00' },
  AST: {
    offset: -240,
    meaning: 'Atlantic Standard Time, UTC-04:00',
    alternatives: ['Arabia Standard Time, UTC+03:00'],
  },
  JST: { offset: 540, meaning: 'Japan Standard Time, UTC+09:00' },
  KST: { offset: 540, meaning: 'Korea Standard Time, UTC+09:00' },
  SGT: { offset: 480, meaning: 'Singapore Time, UTC+08:00' },
  HKT: { offset: 480, meaning: 'Hong Kong Time, UTC+08:00' },
  AWST: { offset: 480, meaning: 'Australian Western Standard Time, UTC+08:00' },
  ACST: { offset: 570, meaning: 'Australian Central Standard Time, UTC+09:30' },
  ACDT: { offset: 630, meaning: 'Australian Central Daylight Time, UTC+10:30' },
  AEST: { offset: 600, meaning: 'Australian Eastern Standard Time, UTC+10:00' },
  AEDT: { offset: 660, meaning: 'Australian Eastern Daylight Time, UTC+11:00' },
  NZST: { offset: 720, meaning: 'New Zealand Standard Time, UTC+12:00' },
  NZDT: { offset: 780, meaning: 'New Zealand Daylight Time, UTC+13:00' },
  PT: { iana: 'America/Los_Angeles', meaning: 'US Pacific, daylight saving by date' },
  MT: { iana: 'America/Denver', meaning: 'US Mountain, daylight saving by date' },
  CT: {
    iana: 'America/Chicago',
    meaning: 'US Central, daylight saving by date',
    alternatives: ['China Time, UTC+08:00'],
  },
  ET: { iana: 'America/New_York', meaning: 'US Eastern, daylight saving by date' },
  'US/Pacific': { iana: 'America/Los_Angeles', meaning: 'US Pacific, daylight saving by date' },
  'US/Eastern': { iana: 'America/New_York', meaning: 'US Eastern, daylight saving by date' },
  'US/Central': { iana: 'America/Chicago', meaning: 'US Central, daylight saving by date' },
  'US/Mountain': { iana: 'America/Denver', meaning: 'US Mountain, daylight saving by date' },
};

/** Matches a zone word or an offset; keys are literal, so the alternation cannot backtrack. */
export const ZONE_PATTERN = new RegExp(
  `(?<![A-Za-z/])(?:(?:UTC|GMT)([+\\-\u2212])(\\d{1,2})(?::?(\\d{2}))?(?!\\d)|(${Object.keys(
    ZONE_TABLE,
  )
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace('/', '\\/'))
    .join('|')}))(?![A-Za-z])`,
  'g',
);

/** A zone from a `ZONE_PATTERN` match, or from a `--zone` value (a table word, an offset or IANA). */
export function zoneFromMatch(m: RegExpExecArray): Zone | null {
  const word = m[4];
  if (word !== undefined) return zoneFromWord(word);
  const sign = m[1] === '+' ? 1 : -1;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  if (minutes > 14 * 60) return null;
  return { kind: 'fixed', label: m[0].replace(/\s/g, ''), offsetMinutes: sign * minutes };
}

export function zoneFromWord(word: string): Zone | null {
  const row = ZONE_TABLE[word];
  if (row !== undefined) {
    if (row.iana !== undefined) return { kind: 'iana', label: word, iana: row.iana };
    return { kind: 'fixed', label: word, offsetMinutes: row.offset ?? 0 };
  }
  ZONE_PATTERN.lastIndex = 0;
  const m = ZONE_PATTERN.exec(word);
  if (m?.index === 0 && m[0] === word) return zoneFromMatch(m);
  if (/^[A-Za-z_]+\/[A-Za-z_]+$/.test(word) && isIanaZone(word))
    return { kind: 'iana', label: word, iana: word };
  return null;
}

/** The documented choice for an ambiguous abbreviation, null when the letters mean one thing. */
export function zoneChoiceFor(label: string): ZoneChoice | null {
  const row = ZONE_TABLE[label];
  if (row?.alternatives === undefined) return null;
  return { abbreviation: label, chosen: row.meaning, alternatives: [...row.alternatives] };
}

/** Epoch ms of a wall-clock time in a zone. */
export function wallTimeToUtc(
  zone: Zone,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (zone.kind === 'fixed') return asUtc - zone.offsetMinutes * 60_000;
  // Two passes settle the offset on either side of a daylight-saving change.
  let guess = asUtc - ianaOffsetMinutes(zone.iana, asUtc) * 60_000;
  guess = asUtc - ianaOffsetMinutes(zone.iana, guess) * 60_000;
  return guess;
}

/** The zone's offset from UTC, in minutes, at an instant. */
export function offsetMinutesAt(zone: Zone, at: number): number {
  return zone.kind === 'fixed' ? zone.offsetMinutes : ianaOffsetMinutes(zone.iana, at);
}

// --- internal ---

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function ianaOffsetMinutes(iana: string, at: number): number {
  let f = FORMATTERS.get(iana);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    FORMATTERS.set(iana, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
  );
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
