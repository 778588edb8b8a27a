import { offsetMinutesAt } from './zoned-time.ts';

/**
 * A time written without a zone (the admin form's `<input type="datetime-local">`, the CLI's
 * `--from 2030-02-10T10:00`) is read in the PAGE's zone, the one its readers see, whatever zone
 * the operator's browser or shell is in.
 */

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time names in `zone`, or null when the text is no such time. Across
 * a daylight-saving change it follows the rule browsers and Temporal call "compatible": a time
 * the clocks skip (02:30 on the spring-forward night) moves forward by the gap, and a time they
 * pass twice (01:30 on the fall-back night) is the first of the two.
 */
export function wallClockToEpoch(value: string, zone: string): number | null {
  const m = WALL_CLOCK.exec(value.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number]; // prettier-ignore
  const second = Number(m[6] ?? 0);
  // The wall time read as if it were UTC; the zone's offset is then subtracted.
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(asUtc);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59) {
    return null;
  }
  // The offsets in force a day either side: equal except across a change (none changes twice
  // within two days in the tz database).
  const before = offsetMinutesAt(asUtc - DAY_MS, zone);
  const after = offsetMinutesAt(asUtc + DAY_MS, zone);
  const fits = [before, after]
    .map((offset) => asUtc - offset * 60_000)
    .filter((at) => offsetMinutesAt(at, zone) * 60_000 === asUtc - at);
  // Two fits: the fall-back hour, first of the two. None: the skipped hour, read with the
  // offset before the change, which lands the same distance past it.
  if (fits.length > 0) return Math.min(...fits);
  return asUtc - before * 60_000;
}
