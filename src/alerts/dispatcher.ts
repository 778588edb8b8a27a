import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describeError, type EpochMs } from '../domain/index.ts';
import type { IngestNotice } from '../ingest/ingest-notifier.ts';
import type { AttemptResult, ClaimedDelivery } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy } from './backoff.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import { messageLoader } from './_message-loader.ts';
import { resultWriter } from './_result-writer.ts';

export interface DispatcherOptions {
  /** Sends in flight at once, all hosts together. Default 256. */
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
}

export interface Dispatcher {
  /** Look at the outbox now. */
  wake(): void;
  /** Stops claiming, waits for sends in flight and writes their results. */
  stop(): Promise<void>;
}

/**
 * Sends what the outbox holds: claims due deliveries under a lease, at most `perHostConcurrency`
 * per host (so a slow receiver waits alone), sends, logs each attempt, and retries failures with
 * backoff until they are dead-lettered. At least once: a crash means a repeat, never a loss.
 */
export function startDispatcher(deps: DispatcherDeps): Dispatcher {
  const settings = resolve(deps.options ?? {});
  const clock = deps.clock ?? Date.now;
  const onError = deps.onError ?? (() => undefined);
  const owner = `dispatcher-${randomUUID()}`;
  const busy = new Map<string, number>();
  const sends = new Set<Promise<void>>();
  const sleeper = wakeableSleep();
  const results = resultWriter({
    ...settings,
    store: deps.store,
    owner,
    clock,
    onError,
    onWritten: () => {
      sleeper.wake();
    },
  });
  let stopped = false;
  // A function, so that the loop re-reads it after each await (stop() sets it meanwhile).
  const isStopped = (): boolean => stopped;

  const hostLimits = (): Map<string, number> => {
    const limits = new Map<string, number>();
    for (const [host, n] of busy) limits.set(host, limitOf(host) - n);
    return limits;
  };
  const limitOf = (host: string): number =>
    deps.channels.hostConcurrency(host) ?? settings.perHostConcurrency;

  async function claimAndStart(): Promise<number> {
    const free = settings.concurrency - sends.size;
    if (free <= 0) return 0;
    const claimed = await deps.store.alerts.claimDeliveries({
      now: clock(),
      limit: Math.min(free, settings.batchSize),
      owner,
      leaseMs: settings.leaseMs,
      perHostLimit: settings.perHostConcurrency,
      hostLimits: hostLimits(),
    });
    const wordOf = messageLoader(deps.store, deps.publicUrl);
    for (const delivery of claimed) start(delivery, wordOf);
    return claimed.length;
  }

  function start(delivery: ClaimedDelivery, wordOf: ReturnType<typeof messageLoader>): void {
    const host = delivery.channelHost;
    busy.set(host, (busy.get(host) ?? 0) + 1);
    const send: Promise<void> = attempt(delivery, wordOf)
      .then((result) => {
        results.add(result);
      })
      .catch(onError)
      .finally(() => {
        const left = (busy.get(host) ?? 1) - 1;
        if (left === 0) busy.delete(host);
        else busy.set(host, left);
        sends.delete(send);
        sleeper.wake();
      });
    sends.add(send);
  }

  async function attempt(
    delivery: ClaimedDelivery,
    wordOf: ReturnType<typeof messageLoader>,
  ): Promise<AttemptResult> {
    const startedAt = clock();
    const t0 = performance.now();
    let outcome: SendOutcome;
    try {
      const message = await wordOf(delivery);
      const meta = { idempotencyKey: delivery.idempotencyKey, now: clock() };
      outcome = await deps.channels.send(message, delivery.subscription.spec.channel, meta);
    } catch (error) {
      outcome = { ok: false, code: null, detail: describeError(error) };
    }
    const base = {
      deliveryId: delivery.id,
      channelKey: delivery.channelKey,
      startedAt,
      latencyMs: performance.now() - t0,
      code: outcome.code,
      detail: outcome.detail,
    };
    if (outcome.ok) return { ...base, outcome: 'delivered' };
    const next = nextAttemptAt({
      attempts: delivery.attempts + 1,
      createdAt: delivery.createdAt,
      now: clock(),
      policy: settings.retry,
      ...(deps.random ? { random: deps.random } : {}),
    });
    return next === null
      ? { ...base, outcome: 'dead' }
      : { ...base, outcome: 'retry', nextAttemptAt: next };
  }

  /** Idle: until the next retry falls due, a send finishes, ingest writes, or the safety poll. */
  async function idleDelay(): Promise<number> {
    if (sends.size > 0) return settings.safetyPollMs;
    const due = await deps.store.alerts.nextDueAt(clock());
    if (due === null) return settings.safetyPollMs;
    return Math.min(settings.safetyPollMs, Math.max(10, due - clock()));
  }

  async function run(): Promise<void> {
    while (!isStopped()) {
      try {
        const started = await claimAndStart();
        if (started > 0 || isStopped()) continue;
        await sleeper.sleep(await idleDelay());
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

/** A sleep that `wake()` cuts short; a wake with nobody asleep is kept for the next sleep. */
function wakeableSleep() {
  let wakeUp: (() => void) | null = null;
  let woken = false;
  return {
    sleep(ms: number): Promise<void> {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      });
    },
    wake(): void {
      if (wakeUp === null) woken = true;
      else wakeUp();
    },
  };
}
