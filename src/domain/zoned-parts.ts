import type { EpochMs } from './epoch.ts';

/** An instant's calendar fields in an IANA zone, as Statuspage prints them ("Jan", "23", "PST"). */
export interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  zoneName: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The one reading of an instant in a page's zone for Statuspage-style stamps ("Jan 23, 2018 -
 * 14:16 PST"): short English month, 24-hour clock, the zone's short name. Formats are cached
 * per zone: building one costs far more than using it.
 */
export function zonedParts(at: EpochMs, zone: string): ZonedParts {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: p.year ?? '',
    month: p.month ?? '',
    day: p.day ?? '',
    hour: p.hour ?? '',
    minute: p.minute ?? '',
    zoneName: p.timeZoneName ?? 'UTC',
  };
}
