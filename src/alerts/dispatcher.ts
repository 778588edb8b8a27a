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
  const dispatcher = new OutboxDispatcher(deps);
  const unsubscribe = deps.onIngest?.((notice) => {
    if (notice.eventIds.length > 0) dispatcher.wake();
  });
  const running = dispatcher.run();
  return {
    wake: () => {
      dispatcher.wake();
    },
    async stop() {
      unsubscribe?.();
      await dispatcher.stop(running);
    },
  };
}

// --- internal ---

type Settings = ReturnType<typeof resolve>;

/** The claim loop and the sends it starts; one per `startDispatcher`. */
class OutboxDispatcher {
  private readonly settings: Settings;
  private readonly clock: () => EpochMs;
  private readonly onError: (error: unknown) => void;
  private readonly owner = `dispatcher-${randomUUID()}`;
  private readonly queues: ReturnType<typeof hostQueues>;
  private readonly sends = new Set<Promise<void>>();
  private readonly sleeper = wakeableSleep();
  private readonly results: ReturnType<typeof resultWriter>;
  private readonly attemptDeps: Parameters<typeof attemptDelivery>[1];
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.settings = resolve(deps.options ?? {});
    this.clock = deps.clock ?? Date.now;
    this.onError = deps.onError ?? (() => undefined);
    const { channels } = deps;
    const perHost = this.settings.perHostConcurrency;
    this.queues = hostQueues((host) => channels.hostConcurrency(host) ?? perHost);
    this.results = resultWriter({
      ...this.settings,
      store: deps.store,
      owner: this.owner,
      clock: this.clock,
      onError: this.onError,
      onWritten: () => {
        this.sleeper.wake('soft');
      },
    });
    this.attemptDeps = {
      channels,
      wordOf: messageLoader(deps.store, deps.publicUrl),
      retry: this.settings.retry,
      clock: this.clock,
      random: deps.random,
    };
  }

  wake(): void {
    this.sleeper.wake();
  }

  async run(): Promise<void> {
    // A method call, so that the loop re-reads the flag after each await (stop() sets it).
    while (!this.isStopped()) {
      try {
        const full = await this.claim();
        // Slots freed before or during the claim were offered to it; wait for new ones.
        this.sleeper.forgetSoft();
        if (this.isStopped()) break;
        if (full) continue;
        await this.sleeper.sleep(await this.nextWakeIn());
      } catch (error) {
        this.onError(error);
        await this.sleeper.sleep(1_000);
      }
    }
  }

  /** Stops claiming, waits for sends in flight and writes their results. */
  async stop(running: Promise<void>): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await running;
    // Not started yet: back to the outbox at once, rather than when the lease runs out.
    const waiting = this.queues.drain().map((d) => d.id);
    await this.deps.store.alerts.releaseDeliveries(waiting, this.owner).catch(this.onError);
    await Promise.all(this.sends);
    await this.results.flush();
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  /** True when the claim was full: more may be due right now. */
  private async claim(): Promise<boolean> {
    const { concurrency, batchSize, leaseMs, perHostConcurrency } = this.settings;
    const limit = Math.min(concurrency - this.queues.held(), batchSize);
    if (limit <= 0) return false;
    const claimed = await this.deps.store.alerts.claimDeliveries({
      now: this.clock(),
      limit,
      owner: this.owner,
      leaseMs,
      perHostLimit: 2 * perHostConcurrency,
      hostLimits: this.queues.claimLimits(),
    });
    for (const delivery of claimed) this.queues.add(delivery);
    for (const host of new Set(claimed.map((d) => d.channelHost))) this.pump(host);
    return claimed.length === limit;
  }

  /** Starts what the host's free slots allow. */
  private pump(host: string): void {
    for (let next = this.queues.next(host); next !== undefined; next = this.queues.next(host)) {
      const delivery = next;
      const send: Promise<void> = attemptDelivery(delivery, this.attemptDeps)
        .then((result) => {
          this.results.add(result);
          this.deps.onAttempt?.(result, delivery);
        })
        .catch(this.onError)
        .finally(() => {
          this.sends.delete(send);
          const wantsMore = this.queues.done(host);
          this.pump(host);
          if (wantsMore) this.sleeper.wake('soft');
        });
      this.sends.add(send);
    }
  }

  /**
   * Until the next retry falls due (or the safety poll). While deliveries are held, their sends
   * wake the loop anyway, so a due time of "now" (their host is full) is not looked at more
   * often than every 50 ms.
   */
  private async nextWakeIn(): Promise<number> {
    const { safetyPollMs } = this.settings;
    const due = await this.deps.store.alerts.nextDueAt(this.clock());
    if (due === null) return safetyPollMs;
    const floor = this.queues.held() > 0 ? 50 : 10;
    return Math.min(safetyPollMs, Math.max(floor, due - this.clock()));
  }
}

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
