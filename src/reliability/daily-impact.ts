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

const RANK: Record<DayImpact['worst'], number> = {
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
  const today = Math.floor(now / DAY) * DAY;
  const out: DayImpact[] = [];
  for (let n = days - 1; n >= 0; n--) {
    const day = today - n * DAY;
    const watched = dataFrom !== null && dataFrom < day + DAY;
    out.push({ day, worst: watched ? 'none' : 'no_data', incidents: 0 });
  }
  const first = out[0]?.day ?? today;
  for (const i of incidents) {
    if (i.isTemplate || i.kind !== 'incident') continue;
    const start = startOf(i) ?? i.firstSeenAt;
    const end = Math.min(endOf(i) ?? now, now);
    if (end < first || start > now) continue;
    const impact = i.impact ?? 'unknown';
    for (let d = Math.max(first, Math.floor(start / DAY) * DAY); d <= end; d += DAY) {
      const entry = out[(d - first) / DAY];
      if (entry === undefined) continue;
      entry.incidents += 1;
      if (RANK[impact] > RANK[entry.worst]) entry.worst = impact;
    }
  }
  return out;
}
