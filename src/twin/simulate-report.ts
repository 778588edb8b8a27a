import { isClosedStatus, type EpochMs } from '../domain/index.ts';
import type { Store } from '../storage/store.ts';
import type { DryRunDelivery } from './dry-run-alerts.ts';
import { incidentAt } from './incident-at.ts';
import type { VendorHistory } from './vendor-history.ts';

export interface LagFigures {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface SimulationReport {
  /** `"<path> <status>"` → count. */
  requests: Record<string, number>;
  requestsTotal: number;
  notModifiedShare: number;
  requestsPerHour: number;
  polls: number;
  simulatedHours: number;
  runSeconds: number;
  /** Seconds from the vendor's update time to our first sight of it, over update events. */
  lagSeconds: LagFigures;
  incidentsStored: number;
  updatesStored: number;
  /** Incidents and maintenances the twin made public during the run. */
  twinIncidents: number;
  /** Of those, the ones never stored (e.g. born and closed between two polls). */
  missing: string[];
  /** Stored open while the twin shows them closed at the end. */
  stuckOpen: string[];
  /** What matching subscriptions would have received; planned, never written nor sent. */
  wouldAlert: DryRunDelivery[];
}

export async function simulationReport(input: {
  store: Store;
  slug: string;
  history: VendorHistory;
  from: EpochMs;
  end: EpochMs;
  requests: Map<string, number>;
  hours: number;
  seconds: number;
  polls: number;
  wouldAlert: DryRunDelivery[];
}): Promise<SimulationReport> {
  const { store, slug } = input;
  const stored = await store.listIncidents({ providerSlug: slug, limit: 100_000 });
  const closedAtEnd = new Set(
    input.history.incidents.flatMap((h) => {
      const v = incidentAt(h, input.end);
      return v !== null && isClosedStatus(v.status) ? [h.incident.vendorId] : [];
    }),
  );
  const storedCodes = new Set(stored.map((i) => i.vendorId));
  const shown = input.history.incidents.filter(
    (h) => h.appearsAt >= input.from && h.appearsAt <= input.end,
  );
  const requests = Object.fromEntries([...input.requests].sort(([a], [b]) => (a < b ? -1 : 1)));
  const total = [...input.requests.values()].reduce((a, b) => a + b, 0);
  const notModified = [...input.requests].reduce(
    (n, [k, c]) => (k.endsWith(' 304') ? n + c : n),
    0,
  );
  return {
    requests,
    requestsTotal: total,
    notModifiedShare: total === 0 ? 0 : notModified / total,
    requestsPerHour: input.hours > 0 ? total / input.hours : 0,
    polls: input.polls,
    simulatedHours: input.hours,
    runSeconds: input.seconds,
    lagSeconds: lagFigures(await detectionLags(store, slug)),
    incidentsStored: stored.length,
    updatesStored: stored.reduce((n, i) => n + i.updates.length, 0),
    stuckOpen: stored
      .filter((i) => !isClosedStatus(i.status) && closedAtEnd.has(i.vendorId))
      .map((i) => i.vendorId),
    twinIncidents: shown.length,
    missing: shown
      .filter((h) => !storedCodes.has(h.incident.vendorId))
      .map((h) => h.incident.vendorId),
    wouldAlert: input.wouldAlert,
  };
}

/** Lag in seconds of every live (not imported) event about a vendor update. */
export async function detectionLags(store: Store, slug: string): Promise<number[]> {
  const lags: number[] = [];
  for (let after = 0; ;) {
    const page = await store.listEvents(after, 5000);
    if (page.length === 0) break;
    for (const e of page) {
      // Events about an incident are the ones that carry its id (the alerts use the same test).
      if (e.providerSlug !== slug || e.imported || !('incidentVendorId' in e)) continue;
      if (e.occurredAt !== null) lags.push((e.detectedAt - e.occurredAt) / 1000);
    }
    after = page.at(-1)?.id ?? after;
  }
  return lags.sort((a, b) => a - b);
}

/** Nearest-rank percentiles of an ascending list. */
export function lagFigures(sorted: readonly number[]): LagFigures {
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null);
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.at(-1) ?? null,
  };
}

/** The closing text of `simulate`: one line per fact. */
export function reportLines(r: SimulationReport): string[] {
  const lag = r.lagSeconds;
  const s = (v: number | null) => (v === null ? '-' : `${Math.round(v)} s`);
  return [
    `simulated ${r.simulatedHours.toFixed(0)} h in ${r.runSeconds.toFixed(1)} s: ${r.polls} polls`,
    'requests by path and status:',
    ...Object.entries(r.requests).map(([k, n]) => `  ${k}: ${n}`),
    `requests per provider-hour: ${r.requestsPerHour.toFixed(1)}, 304s: ${(r.notModifiedShare * 100).toFixed(1)}%`,
    `detection lag over ${lag.count} updates: p50 ${s(lag.p50)}, p90 ${s(lag.p90)}, p99 ${s(lag.p99)}, max ${s(lag.max)}`,
    `stored: ${r.incidentsStored} incidents, ${r.updatesStored} updates; ` +
      `the twin made ${r.twinIncidents} public during the run, ${r.missing.length} never stored` +
      (r.missing.length > 0
        ? ` (${r.missing.slice(0, 10).join(', ')}${r.missing.length > 10 ? ', …' : ''})`
        : ''),
    r.stuckOpen.length === 0
      ? 'still open here but closed by the vendor: none'
      : `still open here but closed by the vendor: ${r.stuckOpen.join(', ')}`,
    `alerts (dry run, never sent): ${r.wouldAlert.length} deliveries to ` +
      `${new Set(r.wouldAlert.map((d) => d.subscriptionId)).size} subscriptions`,
  ];
}
