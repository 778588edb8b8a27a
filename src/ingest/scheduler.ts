import { randomUUID } from 'node:crypto';
import type { EpochMs } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { Store } from '../storage/store.ts';
import type { DeliveryPlanner } from './delivery-planner.ts';
import { createPollDeadlines } from './poll-deadlines.ts';
import { pollSource, type PollResult } from './poll-source.ts';
import { createSourceStateBatcher } from './source-state-batcher.ts';

export interface SchedulerOptions {
  store: Store;
  fetcher: Fetcher;
  /** Alert deliveries planned with each write (see poll-source). */
  deliveries: DeliveryPlanner;
  clock?: () => EpochMs;
  /** Polls in flight at once, across all hosts. */
  concurrency?: number;
  /** How long a claimed source stays ours if we die mid-poll. */
  leaseMs?: number;
  /** How often to look for due sources when idle. */
  tickMs?: number;
  onResult?: (result: PollResult) => void;
  onError?: (error: unknown) => void;
}

export interface Scheduler {
  /** Polls until `stop()`; resolves when the last in-flight poll has finished. */
  run(): Promise<void>;
  /** Polls every source that is due now, once, and returns the results. */
  runOnce(): Promise<PollResult[]>;
  stop(): void;
}

/**
 * Claims due sources through the store's lease (so several processes can share a fleet) and
 * polls them under one global concurrency limit. Per-host limits live in the fetcher.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? Date.now;
  const concurrency = options.concurrency ?? 64;
  const leaseMs = options.leaseMs ?? 120_000;
  const tickMs = options.tickMs ?? 500;
  const owner = `poller-${randomUUID()}`;
  const deps = {
    store: options.store,
    fetcher: options.fetcher,
    deliveries: options.deliveries,
    clock,
    // A batch goes out at once when every poll in flight waits on it: it cannot grow.
    sourceStates: createSourceStateBatcher(options.store, { inFlight: () => inFlight.size }),
    // Every step of a poll ends well inside its lease, so no other poller takes it meanwhile.
    pollDeadlineMs: Math.floor(leaseMs / 2),
    deadline: createPollDeadlines(Math.floor(leaseMs / 2)),
  };
  const inFlight = new Set<Promise<void>>();
  // A lease that ran out while our own poll of it still runs can come back to us: skip it.
  const busy = new Set<string>();
  let stopped = false;
  let wake: (() => void) | null = null;
  /** The clock reading at which a claim got fewer sources than it asked for: all that were due. */
  let allClaimedAt: EpochMs | null = null;

  /**
   * Claims only when at least half the slots are free (or none is busy): one claim per finished
   * poll would cost a query per source, for the long-running loop and `runOnce` alike.
   */
  async function claimAndStart(sink?: PollResult[]): Promise<number> {
    const free = concurrency - inFlight.size;
    if (inFlight.size > 0 && free < Math.max(1, concurrency / 2)) return 0;
    const now = clock();
    const claimed = await options.store.claimDueSources(now, free, owner, leaseMs);
    if (claimed.length < free) allClaimedAt = now;
    for (const source of claimed) {
      const slug = source.provider.slug;
      if (busy.has(slug)) continue;
      busy.add(slug);
      const task: Promise<void> = pollSource(source, deps)
        .then((result) => {
          sink?.push(result);
          options.onResult?.(result);
        })
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          busy.delete(slug);
          inFlight.delete(task);
          wake?.();
        });
      inFlight.add(task);
    }
    return claimed.length;
  }

  /**
   * Every source due at this clock reading is claimed already: one more claim would cost a
   * query and find nothing (a finished poll is rescheduled after `now`).
   */
  function allDueClaimed(): boolean {
    return allClaimedAt !== null && allClaimedAt === clock();
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });
  }

  return {
    async run() {
      while (!stopped) {
        await claimAndStart().catch((error: unknown) => {
          options.onError?.(error);
        });
        // A finishing poll wakes the loop early; otherwise look again at the next tick.
        await sleep(tickMs);
      }
      await Promise.all(inFlight);
    },
    async runOnce() {
      const results: PollResult[] = [];
      allClaimedAt = null;
      for (;;) {
        const started = allDueClaimed() ? 0 : await claimAndStart(results);
        if (started === 0 && inFlight.size === 0) return results;
        if (inFlight.size > 0) await Promise.race(inFlight);
      }
    },
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
