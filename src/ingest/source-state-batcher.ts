import type { CompanionState, SourceState, SourceStateRecord, Store } from '../storage/store.ts';

export interface SourceStateBatcher {
  /**
   * Resolves once the state (and the companion's, when given) is committed and the lease
   * released, together with others queued meanwhile.
   */
  record(providerSlug: string, source: SourceState, companion?: CompanionState): Promise<void>;
}

/**
 * Groups the bookkeeping writes of polls that changed nothing into one transaction per batch:
 * with 90% of polls answering 304, one commit each would cost more than the polls. A batch
 * goes out when full, when it cannot grow (every poll in flight already waits on it), or after
 * `maxDelayMs`; a crash loses at most that much bookkeeping, and those sources are simply
 * polled again.
 */
export function createSourceStateBatcher(
  store: Store,
  options: {
    maxBatch?: number;
    maxDelayMs?: number;
    /**
     * Polls in flight, each recording at most once before it ends. Without it a batch always
     * waits `maxDelayMs`: with one provider (a simulation) every poll would wait for nothing.
     */
    inFlight?: () => number;
  } = {},
): SourceStateBatcher {
  const maxBatch = options.maxBatch ?? 128;
  const maxDelayMs = options.maxDelayMs ?? 10;
  const inFlight = options.inFlight;
  let batch: SourceStateRecord[] = [];
  let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const items = batch;
    const done = waiters;
    batch = [];
    waiters = [];
    store.recordSourceStates(items).then(
      () => {
        for (const w of done) w.resolve();
      },
      (error: unknown) => {
        for (const w of done) w.reject(error);
      },
    );
  }

  return {
    record(providerSlug, source, companion) {
      return new Promise<void>((resolve, reject) => {
        batch.push(
          companion === undefined ? { providerSlug, source } : { providerSlug, source, companion },
        );
        waiters.push({ resolve, reject });
        if (batch.length >= maxBatch || (inFlight !== undefined && batch.length >= inFlight()))
          flush();
        else timer ??= setTimeout(flush, maxDelayMs);
      });
    },
  };
}
