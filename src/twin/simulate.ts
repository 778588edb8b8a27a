import { alertDeliveryPlanner } from '../alerts/index.ts';
import { StatuswatchError, type EpochMs } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { PageConfig } from '../config/index.ts';
import { createScheduler } from '../ingest/scheduler.ts';
import { withPageDrafts } from '../own-page/index.ts';
import type { Store } from '../storage/store.ts';
import { withDryRunAlerts } from './dry-run-alerts.ts';
import { simulationReport, type SimulationReport } from './simulate-report.ts';
import type { Fault } from './twin-faults.ts';
import { startTwin } from './twin-server.ts';
import type { VendorHistory } from './vendor-history.ts';

export type TwinFormat = 'statuspage-v2' | 'statuspage-feed';

export interface SimulateOptions {
  store: Store;
  /** Must allow 127.0.0.1 (the twin); built like the app's fetcher otherwise. */
  fetcher: Fetcher;
  history: VendorHistory;
  providerSlug: string;
  as: TwinFormat;
  /** The fast source's base interval; the open-incident interval keeps the default 1:4 ratio. */
  intervalMs?: number;
  from?: EpochMs;
  until?: EpochMs;
  faults?: readonly Fault[];
  onProgress?: (now: EpochMs, from: EpochMs, until: EpochMs) => void;
  /** The own page: vendor incidents affecting its dependencies raise drafts, never published. */
  page?: PageConfig;
}

/**
 * Watches a twin through the real scheduler, fetcher, sources and ingest, on a virtual clock
 * shared by both: the clock jumps to the provider's next due time, every poll that time asks
 * for goes over HTTP, and the loop ends when nothing is due before `until`.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const { history, providerSlug: slug } = options;
  // Alerts are planned for real but kept out of the outbox: a simulation never sends.
  const dryRun = withDryRunAlerts(options.store);
  const schedule = watchSchedule(dryRun.store, slug);
  const store = schedule.store;
  const from = options.from ?? (history.changeTimes[0] ?? 0) - 60_000;
  const until = options.until ?? (history.changeTimes.at(-1) ?? from) + settleMs(options);
  let now = from;
  const clock = () => now;
  const twin = await startTwin({
    history,
    clock,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const started = performance.now();
  try {
    await addTwinProvider(store, slug, twin.url, options, from);
    // One provider, so one poll at a time whatever the limit (its lease); a limit above 1 lets a
    // claim that comes back short prove nothing else is due, sparing a second claim per poll.
    const scheduler = createScheduler({
      store,
      fetcher: options.fetcher,
      // Drafts are raised as a live poll would, but a simulation never auto-publishes one.
      deliveries: withPageDrafts(alertDeliveryPlanner(store), store, options.page, {
        autoPublish: false,
      }),
      clock,
      concurrency: 4,
    });
    let polls = 0;
    for (;;) {
      schedule.reset();
      const polled = (await scheduler.runOnce()).length;
      polls += polled;
      const next =
        (polled > 0 ? schedule.written() : null) ?? (await storedNextPollAt(store, slug));
      if (next > until) break;
      now = Math.max(now + 1, next);
      if (polls % 2000 === 0) options.onProgress?.(now, from, until);
    }
    return await simulationReport({
      store,
      slug,
      history,
      from,
      end: now,
      requests: twin.requests(),
      hours: (now - from) / 3_600_000,
      seconds: (performance.now() - started) / 1000,
      polls,
      wouldAlert: dryRun.planned,
    });
  } finally {
    await twin.close();
  }
}

/**
 * How long the run goes on after the vendor's last change: an hour, or two fast-source
 * intervals when those are longer, so that at least one poll (and the companion within it)
 * sees that change whatever the interval. With a 6 h interval and a 1 h tail, a postmortem
 * posted last was never fetched.
 */
function settleMs(options: SimulateOptions): number {
  return Math.max(3_600_000, 2 * (options.intervalMs ?? 60_000));
}

/**
 * The provider's next due time as the last source write of a poll set it (writes reach the
 * database in the order they are made), sparing a read per poll. After a step that polled
 * nothing the loop reads the database instead, so a wrong guess costs one empty step, never a
 * skipped poll: a later guess than the truth would need an earlier write to win, which the
 * order forbids.
 */
function watchSchedule(
  store: Store,
  slug: string,
): { store: Store; written: () => EpochMs | null; reset: () => void } {
  let last: EpochMs | null = null;
  const wrapped: Store = Object.create(store) as Store;
  wrapped.recordSourceStates = (states) => {
    for (const s of states) if (s.providerSlug === slug) last = s.source.nextPollAt;
    return store.recordSourceStates(states);
  };
  wrapped.applyIngest = (write) => {
    if (write.providerSlug === slug) last = write.source.nextPollAt;
    return store.applyIngest(write);
  };
  return {
    store: wrapped,
    written: () => last,
    reset: () => {
      last = null;
    },
  };
}

async function storedNextPollAt(store: Store, slug: string): Promise<EpochMs> {
  const record = await store.getProvider(slug);
  if (record === null) throw new StatuswatchError('conflict', `provider ${slug} vanished mid-run`);
  return record.source.nextPollAt;
}

async function addTwinProvider(
  store: Store,
  slug: string,
  twinUrl: string,
  options: SimulateOptions,
  now: EpochMs,
): Promise<void> {
  if ((await store.getProvider(slug)) !== null) {
    throw new StatuswatchError(
      'conflict',
      `provider ${slug} already exists; simulate into a new slug (or remove it first)`,
    );
  }
  const intervalMs = options.intervalMs ?? 60_000;
  await store.addProvider(
    {
      slug,
      name: options.history.page.name,
      pageUrl: twinUrl,
      sourceUrl:
        options.as === 'statuspage-feed'
          ? `${twinUrl}/history.atom`
          : `${twinUrl}/api/v2/summary.json`,
      format: options.as,
      poll: { intervalMs, openIncidentIntervalMs: Math.round(intervalMs / 4) },
      createdAt: now,
    },
    now,
  );
}
