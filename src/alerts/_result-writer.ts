import type { EpochMs } from '../domain/index.ts';
import type { AttemptResult } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';

export interface ResultWriterOptions {
  store: Store;
  owner: string;
  pauseAfterFailures: number;
  flushMs: number;
  clock: () => EpochMs;
  onError: (error: unknown) => void;
  /**
   * After a write that scheduled a retry: the next due time may have moved earlier. Deliveries
   * handed over or dead-lettered make nothing due, so they do not wake the claim loop (a claim
   * per flush was most of a 10,000-webhook fan-out's database time).
   */
  onWritten: () => void;
  /** First wait after a failed write, doubled per failure up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * Writes attempt results in batches: one transaction per few milliseconds instead of one per
 * send. A result lost in a crash only means a repeat later, under the same idempotency key.
 */
export function resultWriter(options: ResultWriterOptions) {
  let pending: AttemptResult[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let failures = 0;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const retryMaxMs = options.retryMaxMs ?? 5_000;

  const schedule = (ms: number): void => {
    timer ??= setTimeout(() => void flush(), ms).unref();
  };

  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    writing = writing.then(async () => {
      const results = pending;
      pending = [];
      if (results.length === 0) return;
      try {
        await options.store.alerts.recordAttempts({
          owner: options.owner,
          now: options.clock(),
          pauseAfterFailures: options.pauseAfterFailures,
          results,
        });
        failures = 0;
        if (results.some((r) => r.outcome === 'retry')) options.onWritten();
      } catch (error) {
        // Kept and tried again on a timer of its own, not when the next result happens to come:
        // while they wait unwritten, their leases run down, and an expired lease means the
        // whole burst is sent a second time.
        pending = [...results, ...pending];
        failures += 1;
        options.onError(error);
        schedule(Math.min(retryMaxMs, retryBaseMs * 2 ** (failures - 1)));
      }
    });
    return writing;
  };

  return {
    add(result: AttemptResult): void {
      pending.push(result);
      if (pending.length >= 500) void flush();
      else schedule(options.flushMs);
    },
    /** Writes everything added so far. */
    flush,
  };
}
