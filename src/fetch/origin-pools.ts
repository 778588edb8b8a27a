import { Pool } from 'undici';

/** undici Pools by origin, for the vendor fetcher and the alert channels' HTTP sender. */
export interface OriginPools {
  /** The origin's pool, made on first use with the options given at creation. */
  poolFor(origin: string): Pool;
  /** Closes every pool made so far (requests in flight finish first). */
  close(): Promise<void>;
}

/**
 * One pool per origin keeps connections alive between requests and caps the load on each
 * host (`connections`); more requests queue.
 */
export function createOriginPools(options: Pool.Options): OriginPools {
  const pools = new Map<string, Pool>();
  return {
    poolFor(origin) {
      let pool = pools.get(origin);
      if (pool === undefined) {
        pool = new Pool(origin, options);
        pools.set(origin, pool);
      }
      return pool;
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}
