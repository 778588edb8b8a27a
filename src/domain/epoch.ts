/** Milliseconds since the Unix epoch, UTC. All times in the model use it; null means unknown. */
export type EpochMs = number;

/**
 * The times we believe a vendor can mean. Status pages did not exist before 1990, and a time
 * past 2200 is a unit mistake (seconds read as milliseconds, `1e13` seconds, year 300000), not
 * a plan; both bounds are far inside what `Date` can hold (±8.64e15 ms), so every EpochMs that
 * passes can become a valid Date, print as ISO and be stored as an integer.
 */
export const EARLIEST_EPOCH_MS: EpochMs = Date.UTC(1990, 0, 1);
export const LATEST_EPOCH_MS: EpochMs = Date.UTC(2200, 0, 1);

/**
 * The one way a vendor's time becomes an EpochMs: a number of milliseconds, an ISO-8601 string,
 * or a Date. Anything not finite or out of range is null, so an invalid Date can never be built
 * from what we keep. Milliseconds are truncated to integers (columns are integers).
 */
export function epochFrom(value: unknown): EpochMs | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string' && /^\s*[+-]?\d{4,6}-\d{2}-\d{2}/.test(value)) {
    ms = Date.parse(value);
  } else return null;
  if (!Number.isFinite(ms)) return null;
  const whole = Math.trunc(ms);
  return whole >= EARLIEST_EPOCH_MS && whole < LATEST_EPOCH_MS ? whole : null;
}

/** Epoch seconds (a number, or digits in a string) → EpochMs, range-checked like `epochFrom`. */
export function epochFromSeconds(value: unknown): EpochMs | null {
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d{1,12}(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(seconds) ? epochFrom(seconds * 1000) : null;
}

/** A calendar date and wall time (month 0-11) read as UTC; null when any part is impossible. */
export function epochFromParts(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): EpochMs | null {
  const parts = [year, month, day, hour, minute, second];
  if (!parts.every(Number.isInteger)) return null;
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 24 || minute > 59) return null;
  return epochFrom(Date.UTC(year, month, day, hour, minute, second));
}
