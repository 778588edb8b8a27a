import { randomUUID } from 'node:crypto';
import type { EpochMs, IngestNotice } from '../domain/index.ts';
import type { AttemptResult, ClaimedDelivery } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
import type { Channels } from './channels/index.ts';
import { attemptDelivery } from './_attempt.ts';
import { hostQueues } from './_host-queues.ts';
import { messageLoader } from './_message-loader.ts';
import { resultWriter } from './_result-writer.ts';
import { wakeableSleep } from './_wakeable-sleep.ts';

export interface DispatcherOptions {
  /** Deliveries held at once (sending or about to), all hosts together. Default 256. */
  concurrency?: number;
  /** Sends in flight at once to one host (host:port). Default 8. */
  perHostConcurrency?: number;
  /** How long a claimed delivery stays ours if we die mid-send. Default 60 s. */
  leaseMs?: number;
  /** Look at the outbox at least this often without a notice (other nodes write too). */
  safetyPollMs?: number;
  /** A channel failing this many times in a row is paused. Default 20. */
  pauseAfterFailures?: number;
  retry?: Partial<RetryPolicy>;
  /** Deliveries claimed per statement. Default 100. */
  batchSize?: number;
  /** Attempt results are written together this often. Default 20 ms. */
  flushMs?: number;
}

export interface DispatcherDeps {
  store: Store;
  channels: Channels;
  /** Base of the links to our incident pages. */
  publicUrl: string;
  /** `withIngestNotices(store).onIngest`: wakes the dispatcher as soon as ingest commits. */
  onIngest?: (listener: (notice: IngestNotice) => void) => () => void;
  options?: DispatcherOptions;
  clock?: () => EpochMs;
  random?: () => number;
  onError?: (error: unknown) => void;
  /** After each send, with its result (logs and metrics hook in here). */
  onAttempt?: (result: AttemptResult, delivery: ClaimedDelivery) => void;
}

export interface Dispatcher {
  /** Look at the outbox now. */
  wake(): void;
  /** Stops claiming, waits for sends in flight and writes their results. */
  stop(): Promise<void>;
}

/**
 * Sends what the outbox holds: claims due deliveries under a lease, at most `perHostConcurrency`
 * sending per host (so a slow receiver waits alone), sends, logs each attempt, and retries
 * failures with backoff until they are dead-lettered. At least once: a crash means a repeat
 * under the same idempotency key, never a loss.
 */
export function startDispatcher(deps: DispatcherDeps): Dispatcher {
  const settings = resolve(deps.options ?? {});
  const clock = deps.clock ?? Date.now;
  const onError = deps.onError ?? (() => undefined);
  const owner = `dispatcher-${randomUUID()}`;
  const limitOf = (host: string): number =>
    deps.channels.hostConcurrency(host) ?? settings.perHostConcurrency;
  const queues = hostQueues(limitOf);
  const sends = new Set<Promise<void>>();
  const sleeper = wakeableSleep();
  const results = resultWriter({
    ...settings,
    store: deps.store,
    owner,
    clock,
    onError,
    onWritten: () => {
      sleeper.wake('soft');
    },
  });
  const attemptDeps = {
    channels: deps.channels,
    wordOf: messageLoader(deps.store, deps.publicUrl),
    retry: settings.retry,
    clock,
    random: deps.random,
  };
  let stopped = false;
  // A function, so that the loop re-reads it after each await (stop() sets it meanwhile).
  const isStopped = (): boolean => stopped;

  /** True when the claim was full: more may be due right now. */
  async function claim(): Promise<boolean> {
    const limit = Math.min(settings.concurrency - queues.held(), settings.batchSize);
    if (limit <= 0) return false;
    const claimed = await deps.store.alerts.claimDeliveries({
      now: clock(),
      limit,
      owner,
      leaseMs: settings.leaseMs,
      perHostLimit: 2 * settings.perHostConcurrency,
      hostLimits: queues.claimLimits(),
    });
    for (const delivery of claimed) queues.add(delivery);
    for (const host of new Set(claimed.map((d) => d.channelHost))) pump(host);
    return claimed.length === limit;
  }

  /** Starts what the host's free slots allow. */
  function pump(host: string): void {
    for (let next = queues.next(host); next !== undefined; next = queues.next(host)) {
      const send: Promise<void> = attemptDelivery(next, attemptDeps)
        .then((result) => {
          results.add(result);
          deps.onAttempt?.(result, next);
        })
        .catch(onError)
        .finally(() => {
          sends.delete(send);
          const wantsMore = queues.done(host);
          pump(host);
          if (wantsMore) sleeper.wake('soft');
        });
      sends.add(send);
    }
  }

  /**
   * Until the next retry falls due (or the safety poll). While deliveries are held, their sends
   * wake the loop anyway, so a due time of "now" (their host is full) is not looked at more
   * often than every 50 ms.
   */
  async function nextWakeIn(): Promise<number> {
    const due = await deps.store.alerts.nextDueAt(clock());
    if (due === null) return settings.safetyPollMs;
    const floor = queues.held() > 0 ? 50 : 10;
    return Math.min(settings.safetyPollMs, Math.max(floor, due - clock()));
  }

  async function run(): Promise<void> {
    while (!isStopped()) {
      try {
        const full = await claim();
        // Slots freed before or during the claim were offered to it; wait for new ones.
        sleeper.forgetSoft();
        if (isStopped()) break;
        if (full) continue;
        await sleeper.sleep(await nextWakeIn());
      } catch (error) {
        onError(error);
        await sleeper.sleep(1_000);
      }
    }
  }

  const unsubscribe = deps.onIngest?.((notice) => {
    if (notice.eventIds.length > 0) sleeper.wake();
  });
  const running = run();
  return {
    wake: () => {
      sleeper.wake();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      sleeper.wake();
      await running;
      // Not started yet: back to the outbox at once, rather than when the lease runs out.
      const waiting = queues.drain().map((d) => d.id);
      await deps.store.alerts.releaseDeliveries(waiting, owner).catch(onError);
      await Promise.all(sends);
      await results.flush();
    },
  };
}

// --- internal ---

function resolve(options: DispatcherOptions) {
  return {
    concurrency: options.concurrency ?? 256,
    perHostConcurrency: options.perHostConcurrency ?? 8,
    leaseMs: options.leaseMs ?? 60_000,
    safetyPollMs: options.safetyPollMs ?? 5_000,
    pauseAfterFailures: options.pauseAfterFailures ?? 20,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    batchSize: options.batchSize ?? 100,
    flushMs: options.flushMs ?? 20,
  };
}
