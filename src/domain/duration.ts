import type { EpochMs } from './model.ts';

/**
 * Why an incident has no duration. `missing_end`: closed (resolved, completed, withdrawn) but
 * neither a resolved time nor a closing update says when, as in legacy AWS archive entries.
 */
export const DURATION_ANOMALIES = [
  'missing_start',
  'resolved_before_started',
  'missing_end',
] as const;
export type DurationAnomaly = (typeof DURATION_ANOMALIES)[number];

export type Duration =
  | { ms: number; text: string; ongoing: boolean; anomaly: null }
  | { ms: null; text: null; ongoing: boolean; anomaly: DurationAnomaly };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The exact time between start and end (or `now` while still open). Never negative: vendor
 * times that contradict each other give `null` and the reason, which pages show as a note.
 */
export function duration(start: EpochMs | null, end: EpochMs | null, now?: EpochMs): Duration {
  const ongoing = end === null;
  if (start === null) return { ms: null, text: null, ongoing, anomaly: 'missing_start' };
  const stop = end ?? now ?? null;
  if (stop === null) return { ms: null, text: null, ongoing, anomaly: 'missing_start' };
  if (stop < start) return { ms: null, text: null, ongoing, anomaly: 'resolved_before_started' };
  const ms = stop - start;
  return { ms, text: formatDuration(ms), ongoing, anomaly: null };
}

/** "45s", "19m", "2h 5m", "1d 0h 52m": whole minutes, rounded to the nearest. */
export function formatDuration(ms: number): string {
  if (ms < 0) throw new RangeError('formatDuration needs a non-negative duration');
  if (ms < MINUTE) return `${Math.round(ms / 1000)}s`;
  const total = Math.round(ms / MINUTE) * MINUTE;
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m`;
}

/** Whole minutes, rounded, for tables and JSON; null when the duration is unknown. */
export function durationMinutes(d: Duration): number | null {
  return d.ms === null ? null : Math.round(d.ms / MINUTE);
}
