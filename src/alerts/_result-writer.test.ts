import { describe, expect, it } from 'vitest';
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

/** A store whose writes fail `failures` times, then succeed; it tells each write as it comes. */
function flakyStore(failures: number) {
  const written: number[][] = [];
  let calls = 0;
  let onWrite: () => void = () => undefined;
  const store = {
    alerts: {
      recordAttempts(batch: AttemptBatch) {
        calls += 1;
        onWrite();
        if (calls <= failures) return Promise.reject(new Error('database is locked'));
        written.push(batch.results.map((r) => r.deliveryId));
        return Promise.resolve();
      },
    },
  } as unknown as Store;
  const nextWrite = () => new Promise<void>((resolve) => (onWrite = resolve));
  return { store, written, calls: () => calls, nextWrite };
}

describe('the result writer', () => {
  it('retries a failed write on its own, with growing waits, until it goes through', async () => {
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
    const times: number[] = [];
    const t0 = performance.now();
    writer.add(result(1));
    writer.add(retry(2));
    // No further result is added: only the writer's own timer can bring the later tries.
    for (let i = 0; i < 4; i++) {
      await db.nextWrite();
      times.push(performance.now() - t0);
    }
    await writer.flush();
    expect(db.calls()).toBe(4);
    expect(db.written).toEqual([[1, 2]]);
    expect(errors).toHaveLength(3);
    expect(writtenNotices).toBe(1);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(9); // 10, 20, 40 ms: backoff, not a busy loop
    expect(gaps[2]).toBeGreaterThanOrEqual(39);
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
