import type { EpochMs } from '../../domain/index.ts';

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Counts one request for `key`; refused once `limit` were counted in the current window. */
  take(key: string, now: EpochMs): RateDecision;
}

interface Window {
  startedAt: EpochMs;
  count: number;
}

/**
 * A fixed window per key, in memory. Memory is bounded: past `maxKeys` the windows that ended
 * are dropped, then the oldest ones (a Map keeps insertion order), so a flood of distinct keys
 * costs at most `maxKeys` entries. Per node: several web nodes each allow `limit`.
 */
export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): RateLimiter {
  const { limit, windowMs } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, Window>();
  const prune = (now: EpochMs): void => {
    for (const [key, w] of windows) if (now - w.startedAt >= windowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    take(key, now) {
      let w = windows.get(key);
      if (w === undefined || now - w.startedAt >= windowMs) {
        if (w === undefined && windows.size >= maxKeys) prune(now);
        windows.delete(key);
        w = { startedAt: now, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= limit) return { ok: false, retryAfterMs: w.startedAt + windowMs - now };
      w.count += 1;
      return { ok: true };
    },
  };
}
