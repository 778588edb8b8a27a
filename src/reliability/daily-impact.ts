import { endOf, startOf, type EpochMs, type Impact, type StoredIncident } from '../domain/index.ts';

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
 * incidents (not maintenances, not templates) that overlapped it. Days before `dataFrom` are
 * `no_data`, never "operational". An incident without a stated impact is `unknown`.
 */
export function dailyImpact(
  incidents: readonly StoredIncident[],
  now: EpochMs,
  days: number,
  dataFrom: EpochMs | null,
): DayImpact[] {
  const out = emptyDays(now, days, dataFrom);
  for (const i of incidents) {
    if (i.isTemplate || i.kind !== 'incident') continue;
    const start = startOf(i) ?? i.firstSeenAt;
    markDays(out, { start, end: endOf(i) ?? now, now }, i.impact ?? 'unknown', 1);
  }
  return out;
}

/** The last `days` UTC days up to `now`, oldest first: `none`, or `no_data` before `dataFrom`. */
export function emptyDays(now: EpochMs, days: number, dataFrom: EpochMs | null): DayImpact[] {
  const today = Math.floor(now / DAY) * DAY;
  const out: DayImpact[] = [];
  for (let n = days - 1; n >= 0; n--) {
    const day = today - n * DAY;
    const watched = dataFrom !== null && dataFrom < day + DAY;
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
