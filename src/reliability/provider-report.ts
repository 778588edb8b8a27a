import {
  incidentAnomalies,
  incidentDuration,
  isClosedStatus,
  startOf,
  type Anomaly,
  type StoredIncident,
} from '../domain/index.ts';

export interface ProviderReport {
  incidents: number;
  maintenances: number;
  resolved: number;
  unresolved: number;
  updates: number;
  backfilled: number;
  /** Minutes, over resolved incidents (not maintenances) with a consistent duration. */
  durationPercentiles: { p50: number; p90: number; p99: number; max: number } | null;
  /** "2023-01" → incidents started that month (UTC). */
  perMonth: Record<string, number>;
  anomalies: { incident: string; title: string; anomaly: Anomaly }[];
}

/** Figures and data anomalies over one provider's stored history. Pure. */
export function providerReport(all: readonly StoredIncident[]): ProviderReport {
  const incidents = all.filter((i) => !i.isTemplate);
  const real = incidents.filter((i) => i.kind === 'incident');
  const minutes = real
    .map((i) => incidentDuration(i))
    .filter((d) => !d.ongoing && d.ms !== null)
    .map((d) => (d.ms ?? 0) / 60_000)
    .sort((a, b) => a - b);
  const perMonth: Record<string, number> = {};
  for (const i of real) {
    const start = startOf(i);
    if (start === null) continue;
    const month = new Date(start).toISOString().slice(0, 7);
    perMonth[month] = (perMonth[month] ?? 0) + 1;
  }
  return {
    incidents: real.length,
    maintenances: incidents.length - real.length,
    resolved: incidents.filter((i) => isClosedStatus(i.status)).length,
    unresolved: incidents.filter((i) => !isClosedStatus(i.status)).length,
    updates: incidents.reduce((n, i) => n + i.updates.length, 0),
    backfilled: incidents.filter((i) => i.backfilled).length,
    durationPercentiles: percentiles(minutes),
    perMonth: Object.fromEntries(Object.entries(perMonth).sort(([a], [b]) => a.localeCompare(b))),
    anomalies: incidents.flatMap((i) =>
      incidentAnomalies(i).map((anomaly) => ({ incident: i.vendorId, title: i.title, anomaly })),
    ),
  };
}

/** Nearest-rank percentiles of an ascending list, rounded to whole minutes. */
export function percentiles(sorted: readonly number[]): ProviderReport['durationPercentiles'] {
  if (sorted.length === 0) return null;
  const at = (p: number): number => {
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return Math.round(sorted[rank - 1] ?? 0);
  };
  return { p50: at(50), p90: at(90), p99: at(99), max: Math.round(sorted.at(-1) ?? 0) };
}
