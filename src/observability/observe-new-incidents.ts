import { detectionLagMs } from '../domain/incident-facts.ts';
import type { Store } from '../storage/store.ts';

/**
 * Wraps the store once, at the composition root, and reports the detection lag of each
 * incident a committed poll saw for the first time. New means first seen in this very write
 * (`firstSeenAt` equals `lastChangedAt`); backfill and imports have no lag to report.
 */
export function observeNewIncidents(store: Store, onDetected: (lagMs: number) => void): Store {
  const applyIngest: Store['applyIngest'] = async (write) => {
    const eventIds = await store.applyIngest(write);
    if (!write.imported) {
      for (const incident of write.incidents) {
        if (incident.firstSeenAt !== incident.lastChangedAt) continue;
        const lag = detectionLagMs(incident);
        if (lag !== null) onDetected(lag);
      }
    }
    return eventIds;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'applyIngest') return applyIngest;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
