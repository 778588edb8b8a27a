import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SourceState, Store } from '../storage/store.ts';
import { createSourceStateBatcher } from './source-state-batcher.ts';

const STATE: SourceState = {
  etag: null,
  lastModified: null,
  nextPollAt: 60_000,
  health: {
    lastSuccessAt: 0,
    lastErrorAt: null,
    lastErrorKind: null,
    lastErrorMessage: null,
    consecutiveFailures: 0,
    lastChangeAt: null,
  },
};

function fakeStore(): { store: Store; batches: number[] } {
  const batches: number[] = [];
  const store = {
    recordSourceStates: (states: readonly unknown[]) => {
      batches.push(states.length);
      return Promise.resolve();
    },
  } as unknown as Store;
  return { store, batches };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('source state batcher', () => {
  it('writes at once when every poll in flight already waits on the batch', async () => {
    vi.useFakeTimers();
    const { store, batches } = fakeStore();
    const batcher = createSourceStateBatcher(store, { inFlight: () => 1 });
    await batcher.record('a', STATE);
    expect(batches).toEqual([1]);
  });

  it('keeps batching while another poll in flight may still join', async () => {
    vi.useFakeTimers();
    const { store, batches } = fakeStore();
    const batcher = createSourceStateBatcher(store, { inFlight: () => 3 });
    const first = batcher.record('a', STATE);
    const second = batcher.record('b', STATE);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all([first, second]);
    expect(batches).toEqual([2]);
  });

  it('the last of the polls in flight sends the batch', async () => {
    vi.useFakeTimers();
    const { store, batches } = fakeStore();
    const batcher = createSourceStateBatcher(store, { inFlight: () => 2 });
    const both = [batcher.record('a', STATE), batcher.record('b', STATE)];
    await Promise.all(both);
    expect(batches).toEqual([2]);
  });
});
