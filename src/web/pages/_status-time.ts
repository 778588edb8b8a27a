import { zonedParts, type EpochMs } from '../../domain/index.ts';
import { offsetMinutesAt } from '../../own-page/index.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * Times on the own page's home and history, always in the page's zone, in Statuspage's words:
 * "Jan 23, 14:16 PST" beside an update, "Jan 23, 14:16 - 15:46 PST" for an incident's span,
 * "Jan 23, 2018" over a day, "January 2018" over a month.
 */

/** "Jan 23, 14:16 PST" in a `<time>` (the machine-readable instant in UTC). */
export function shortStamp(at: EpochMs, zone: string): SafeHtml {
  const p = zonedParts(at, zone);
  return timeTag(at, `${p.month} ${p.day}, ${p.hour}:${p.minute} ${p.zoneName}`);
}

/**
 * An incident's span as the history lists it: "Jan 23, 14:16 - 15:46 PST" within one day,
 * "Jan 23, 22:00 - Jan 24, 01:00 PST" across days; open: "Jan 23, 14:16 PST - now".
 */
export function spanStamp(start: EpochMs, end: EpochMs | null, zone: string): SafeHtml {
  const a = zonedParts(start, zone);
  const from = `${a.month} ${a.day}, ${a.hour}:${a.minute}`;
  if (end === null) return html`${timeTag(start, `${from} ${a.zoneName}`)} - now`;
  const b = zonedParts(end, zone);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  const to = sameDay ? `${b.hour}:${b.minute}` : `${b.month} ${b.day}, ${b.hour}:${b.minute}`;
  return html`${timeTag(start, from)} - ${timeTag(end, `${to} ${b.zoneName}`)}`;
}

/** A calendar date in the zone, as "2018-01-23": the key days and months are grouped by. */
export function localDate(at: EpochMs, zone: string): string {
  let format = dateFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }); // prettier-ignore
    dateFormats.set(zone, format);
  }
  return format.format(at);
}

/** The `count` calendar dates up to the zone's today, newest first ("2018-01-23", …). */
export function lastDates(now: EpochMs, zone: string, count: number): string[] {
  const [y, m, d] = localDate(now, zone).split('-').map(Number);
  return Array.from({ length: count }, (_, n) =>
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - n)).toISOString().slice(0, 10),
  );
}

/** "2018-01-23" → "Jan 23, 2018" (Statuspage's day heading). */
export function dayHeading(date: string): string {
  return DAY_HEADING.format(Date.parse(`${date}T12:00:00Z`));
}

/** Year and month (1–12) `back` months before the zone's current month. */
export function monthBefore(now: EpochMs, zone: string, back: number): { year: number; month: number } {
  const [y, m] = localDate(now, zone).split('-').map(Number);
  const index = (y ?? 1970) * 12 + ((m ?? 1) - 1) - back;
  return { year: Math.floor(index / 12), month: (((index % 12) + 12) % 12) + 1 };
} // prettier-ignore

/** The instant a month starts in the zone (midnight of its first day there). */
export function monthStart(year: number, month: number, zone: string): EpochMs {
  const wall = Date.UTC(year, month - 1, 1);
  const guess = wall - offsetMinutesAt(wall, zone) * 60_000;
  // Across a daylight-saving change the offset at the guess differs: read it again there.
  return wall - offsetMinutesAt(guess, zone) * 60_000;
}

/** "January 2018". */
export function monthHeading(year: number, month: number): string {
  return MONTH_HEADING.format(Date.UTC(year, month - 1, 15));
}

// --- internal ---

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const DAY_HEADING = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }); // prettier-ignore
const MONTH_HEADING = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' }); // prettier-ignore

function timeTag(at: EpochMs, text: string): SafeHtml {
  return html`<time datetime="${new Date(at).toISOString()}">${text}</time>`;
}
