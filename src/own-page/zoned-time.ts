import type { EpochMs } from '../domain/index.ts';

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as Statuspage writes it for a page in `zone`: local wall time with the page's
 * offset, milliseconds included ("2024-01-22T16:16:21.430-08:00", Box's
 * box__incidents-2024-01-31-first3.json); a UTC page ends in "Z" (GitHub's summary.json).
 */
export function isoInZone(at: EpochMs, zone: string): string {
  const offsetMinutes = offsetMinutesAt(at, zone);
  const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, -1);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** null stays null: Statuspage writes absent times as null. */
export function isoInZoneOrNull(at: EpochMs | null, zone: string): string | null {
  return at === null ? null : isoInZone(at, zone);
}

/** The zone's offset from UTC at that instant, in minutes (daylight saving included). */
export function offsetMinutesAt(at: EpochMs, zone: string): number {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (match === null) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
