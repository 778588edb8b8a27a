import type { EpochMs } from '../domain/index.ts';
import type { AttemptResult } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';

/**
 * Writes attempt results in batches: one transaction per few milliseconds instead of one per
 * send. A result lost in a crash only means a repeat later, under the same idempotency key.
 */
export function resultWriter(options: {
  store: Store;
  owner: string;
  pauseAfterFailures: number;
  flushMs: number;
  clock: () => EpochMs;
  onError: (error: unknown) => void;
  /** After each write: the next retry time may have changed. */
  onWritten: () => void;
}) {
  let pending: AttemptResult[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

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
        options.onWritten();
      } catch (error) {
        // Kept for the next flush; meanwhile the leases keep others from sending them again.
        pending = [...results, ...pending];
        options.onError(error);
      }
    });
    return writing;
  };

  return {
    add(result: AttemptResult): void {
      pending.push(result);
      if (pending.length >= 500) void flush();
      else timer ??= setTimeout(() => void flush(), options.flushMs);
    },
    /** Writes everything added so far. */
    flush,
  };
}
