import type { EpochMs, Impact, StoredIncident } from '../domain/index.ts';
import { impactSpan, type AnalysisMap } from './impact-span.ts';

const DAY = 86_400_000;

/** One UTC day of a provider's history: the worst impact of what overlapped it. */
export interface DayImpact {
  /** UTC midnight that starts the day. */
  day: EpochMs;
  /** `no_data`: before we held any data; `none`: watched, no incident. */
  worst: Impact | 'unknown' | 'no_data';
  incidents: number;
}

export const DAY_RANK: Record<DayImpact['worst'], number> = {
  no_data: -1,
  none: 0,
  maintenance: 1,
  unknown: 2,
  minor: 3,
  major: 4,
  critical: 5,
};

/**
 * The last `days` UTC days up to `now`, oldest first, each with the worst impact among the
 * incidents (not maintenances, not templates) that overlapped it, over their impact span: the
 * window the vendor's words give where `analyses` hold one, else the posted start and end. Days
 * before `dataFrom` and after `dataThrough` (the newest data we hold: an archive's last capture)
 * are `no_data`, never "operational". An incident still open as far as we know lasts until
 * `dataThrough`; a set-aside one only until the vendor's last word. An incident without a stated
 * impact is `unknown`.
 */
export function dailyImpact(
  incidents: readonly StoredIncident[],
  now: EpochMs,
  days: number,
  dataFrom: EpochMs | null,
  analyses: AnalysisMap = new Map(),
  dataThrough: EpochMs = now,
): DayImpact[] {
  const out = emptyDays(now, days, dataFrom, dataThrough);
  const until = Math.min(now, dataThrough);
  for (const i of incidents) {
    if (i.isTemplate || i.kind !== 'incident') continue;
    const span = impactSpan(i, analyses);
    const start = span.start ?? i.firstSeenAt;
    markDays(out, { start, end: span.end ?? until, now: until }, i.impact ?? 'unknown', 1);
  }
  return out;
}

/**
 * The last `days` UTC days up to `now`, oldest first: `none`, or `no_data` before `dataFrom` and
 * after the day of `dataThrough`.
 */
export function emptyDays(
  now: EpochMs,
  days: number,
  dataFrom: EpochMs | null,
  dataThrough: EpochMs = now,
): DayImpact[] {
  const today = Math.floor(now / DAY) * DAY;
  const out: DayImpact[] = [];
  for (let n = days - 1; n >= 0; n--) {
    const day = today - n * DAY;
    const watched = dataFrom !== null && dataFrom < day + DAY && day <= dataThrough;
    out.push({ day, worst: watched ? 'none' : 'no_data', incidents: 0 });
  }
  return out;
}

/** Raises each day the span touches to `impact` (if worse) and counts `incidents` on it. */
export function markDays(
  out: DayImpact[],
  span: { start: EpochMs; end: EpochMs; now: EpochMs },
  impact: DayImpact['worst'],
  incidents: number,
): void {
  const first = out[0]?.day;
  if (first === undefined) return;
  const end = Math.min(span.end, span.now);
  if (end < first || span.start > span.now) return;
  for (let d = Math.max(first, Math.floor(span.start / DAY) * DAY); d <= end; d += DAY) {
    const entry = out[(d - first) / DAY];
    if (entry === undefined) continue;
    entry.incidents += incidents;
    if (DAY_RANK[impact] > DAY_RANK[entry.worst]) entry.worst = impact;
  }
}
