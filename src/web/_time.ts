import type { EpochMs } from '../domain/index.ts';
import { html, type SafeHtml } from './html.ts';

/** What every page needs to show times: the reader's zone and the render's "now". */
export interface TimeContext {
  tz: string;
  now: EpochMs;
}

export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * The zone's name as the reader chose it when Intl knows it, else null. Not Intl's canonical
 * name: that turns "Asia/Kolkata" into "Asia/Calcutta" and "EST" into "America/Panama". Only the
 * letter case is fixed, from Intl's list when the name is in it.
 */
export function parseTimeZone(raw: string): string | null {
  if (raw.length === 0 || raw.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(raw)) return null;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: raw }).resolvedOptions();
  } catch {
    return null;
  }
  return KNOWN_ZONES.get(raw.toLowerCase()) ?? raw;
}

const KNOWN_ZONES = new Map(
  [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Asia/Kolkata', 'Europe/Kyiv'].map((z) => [
    z.toLowerCase(),
    z,
  ]),
);

/** "2023-11-08 19:26 UTC": unambiguous, 24-hour, always labelled with the zone. */
export function absoluteTime(ms: EpochMs, tz: string): string {
  const parts = formatterFor(tz).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const hour = part('hour') === '24' ? '00' : part('hour');
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  return `${date} ${hour}:${part('minute')} ${zoneLabel(tz, ms)}`;
}

/** "3 hours ago", "in 2 days", "just now". */
export function relativeTime(ms: EpochMs, now: EpochMs): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size * 0.95 || unit === 'minute') {
      return RELATIVE.format(Math.round(seconds / size), unit);
    }
  }
  return RELATIVE.format(Math.round(seconds / 60), 'minute');
}

/** Relative text, with the absolute time on hover and in `datetime` (scripts refresh it). */
export function relativeTag(ms: EpochMs | null, ctx: TimeContext): SafeHtml {
  if (ms === null) return html`<span class="unknown">unknown</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" title="${absoluteTime(ms, ctx.tz)}" data-relative
    >${relativeTime(ms, ctx.now)}</time
  >`;
}

/** Absolute text in the reader's zone, with the relative time on hover. */
export function absoluteTag(ms: EpochMs | null, ctx: TimeContext): SafeHtml {
  if (ms === null) return html`<span class="unknown">unknown</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" title="${relativeTime(ms, ctx.now)}"
    >${absoluteTime(ms, ctx.tz)}</time
  >`;
}

/** "November 8, 2023" in the reader's zone, for sentences. */
export function longDate(ms: EpochMs, tz: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: tz }).format(ms);
}

// --- internal ---

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a DateTimeFormat costs far more than using one; a page formats hundreds of times.
function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * "UTC", "CEST", "EDT", else "GMT+9". Intl knows American abbreviations only in en-US and
 * European ones only in en-GB, so both are asked.
 */
function zoneLabel(tz: string, ms: EpochMs): string {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 'UTC';
  let fallback = tz;
  for (const locale of ['en-US', 'en-GB']) {
    const name = zoneNameFormatter(locale, tz)
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name !== undefined && !/^(GMT|UTC)[+-]/.test(name)) return name;
    if (name !== undefined) fallback = name;
  }
  return fallback;
}

const zoneNameFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneNameFormatter(locale: string, tz: string): Intl.DateTimeFormat {
  const key = `${locale}|${tz}`;
  let f = zoneNameFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' });
    zoneNameFormatters.set(key, f);
  }
  return f;
}
