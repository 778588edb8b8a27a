import { describe, expect, it } from 'vitest';
import { StatuswatchError } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import { syncWatchList } from './sync-watch-list.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');

/** Every fetch fails as an unreachable page would: detection cannot succeed. */
function unreachable(): Fetcher & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch(req) {
      urls.push(req.url);
      return Promise.reject(new StatuswatchError('dns', `no such host: ${req.url}`));
    },
    close: () => Promise.resolve(),
  };
}

describe('syncWatchList', () => {
  it('adds what the file declares and the store lacks; a given format fetches nothing', async () => {
    const store = await openSqliteStore(':memory:');
    const fetcher = unreachable();
    const declared = [
      { slug: 'acme', url: 'https://status.acme.example/', format: 'statuspage-v2' as const },
    ];
    const first = await syncWatchList(store, fetcher, declared, NOW);
    expect(first).toEqual({ added: ['acme'], failed: [] });
    expect(fetcher.urls).toEqual([]);
    // Run again at the next start: nothing new, nothing removed.
    expect(await syncWatchList(store, fetcher, [], NOW)).toEqual({ added: [], failed: [] });
    expect((await store.listProviders()).map((r) => r.provider.slug)).toEqual(['acme']);
    await store.close();
  });

  it('reports a provider whose page cannot be detected and keeps going', async () => {
    const store = await openSqliteStore(':memory:');
    const fetcher = unreachable();
    const declared = [
      { slug: 'gone', url: 'https://status.gone.example/' },
      { slug: 'acme', url: 'https://status.acme.example/', format: 'statuspage-v2' as const },
    ];
    const result = await syncWatchList(store, fetcher, declared, NOW);
    expect(result.added).toEqual(['acme']);
    expect(result.failed.map((f) => f.slug)).toEqual(['gone']);
    expect(fetcher.urls.length).toBeGreaterThan(0);
    await store.close();
  });
});
