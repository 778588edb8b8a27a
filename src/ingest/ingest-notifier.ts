import { EventEmitter } from 'node:events';
import type { IngestNotice } from '../domain/index.ts';
import type { IngestWrite, Store } from '../storage/store.ts';

/**
 * Tells in-process readers (page cache, alert dispatcher) that a write committed, so they
 * react to ingest instead of a timer. Wraps the store once, at the composition root, so every
 * path that writes (poller, importer, web form) is covered without knowing about listeners.
 */
export function withIngestNotices(store: Store): {
  store: Store;
  onIngest(listener: (notice: IngestNotice) => void): () => void;
} {
  const emitter = new EventEmitter();
  const applyIngest = async (write: IngestWrite): Promise<number[]> => {
    const eventIds = await store.applyIngest(write);
    const notice: IngestNotice = {
      providerSlug: write.providerSlug,
      eventIds,
      dataChanged: write.incidents.length > 0 || write.components !== null,
    };
    emitter.emit('ingest', notice);
    return eventIds;
  };
  // Polls that changed nothing still change "last checked": readers get a health-only notice.
  const recordSourceStates: Store['recordSourceStates'] = async (states) => {
    await store.recordSourceStates(states);
    for (const { providerSlug } of states) {
      emitter.emit('ingest', {
        providerSlug,
        eventIds: [],
        dataChanged: false,
      } satisfies IngestNotice);
    }
  };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'applyIngest') return applyIngest;
      if (prop === 'recordSourceStates') return recordSourceStates;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return {
    store: wrapped,
    onIngest(listener) {
      emitter.on('ingest', listener);
      return () => emitter.off('ingest', listener);
    },
  };
}
