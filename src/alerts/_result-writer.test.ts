import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AttemptBatch, AttemptResult } from '../storage/alert-store.ts';
import type { Store } from '../storage/store.ts';
import { resultWriter } from './_result-writer.ts';

const result = (deliveryId: number): AttemptResult => ({
  deliveryId,
  channelKey: 'webhook:abc',
  startedAt: 0,
  latencyMs: 1,
  code: 200,
  detail: null,
  outcome: 'delivered',
});
const retry = (deliveryId: number): AttemptResult => ({
  ...result(deliveryId),
  code: 503,
  outcome: 'retry',
  nextAttemptAt: 60_000,
});

/** A store whose writes fail `failures` times, then succeed; it counts the writes. */
function flakyStore(failures: number) {
  const written: number[][] = [];
  let calls = 0;
  const store = {
    alerts: {
      recordAttempts(batch: AttemptBatch) {
        calls += 1;
        if (calls <= failures) return Promise.reject(new Error('database is locked'));
        written.push(batch.results.map((r) => r.deliveryId));
        return Promise.resolve();
      },
    },
  } as unknown as Store;
  return { store, written, calls: () => calls };
}

describe('the result writer', () => {
  it('retries a failed write on its own, with growing waits, until it goes through', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const db = flakyStore(3);
    const errors: unknown[] = [];
    let writtenNotices = 0;
    const writer = resultWriter({
      store: db.store,
      owner: 'me',
      pauseAfterFailures: 20,
      flushMs: 1,
      retryBaseMs: 10,
      retryMaxMs: 40,
      clock: () => 0,
      onError: (e) => errors.push(e),
      onWritten: () => (writtenNotices += 1),
    });
    writer.add(result(1));
    writer.add(retry(2));
    // No further result is added: only the writer's own timer can bring the later tries. The
    // timers are fake, so each wait is shown exact: nothing one millisecond early, then a try.
    let elapsed = 0;
    for (const [calls, wait] of [
      [1, 1],
      [2, 10],
      [3, 20],
      [4, 40],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(db.calls(), `after ${String(elapsed + wait - 1)} ms`).toBe(calls - 1);
      await vi.advanceTimersByTimeAsync(1);
      elapsed += wait;
      expect(db.calls(), `after ${String(elapsed)} ms`).toBe(calls);
    }
    await writer.flush();
    expect(db.calls()).toBe(4);
    expect(db.written).toEqual([[1, 2]]);
    expect(errors).toHaveLength(3);
    expect(writtenNotices).toBe(1);
  });

  it('wakes the claim loop only after writing a retry, whose due time may come first', async () => {
    const db = flakyStore(0);
    let writtenNotices = 0;
    const writer = resultWriter({
      store: db.store,
      owner: 'me',
      pauseAfterFailures: 20,
      flushMs: 1,
      clock: () => 0,
      onError: () => undefined,
      onWritten: () => (writtenNotices += 1),
    });
    writer.add(result(1));
    await writer.flush();
    expect(db.written).toEqual([[1]]);
    expect(writtenNotices).toBe(0);
    writer.add(retry(2));
    await writer.flush();
    expect(db.written).toEqual([[1], [2]]);
    expect(writtenNotices).toBe(1);
  });
});
