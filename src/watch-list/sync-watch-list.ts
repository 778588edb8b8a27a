import { describeError, type EpochMs } from '../domain/index.ts';
import type { WatchedProvider } from '../config/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { Store } from '../storage/store.ts';
import { addProvider } from './add-provider.ts';

export interface SyncResult {
  added: string[];
  failed: { slug: string; reason: string }[];
}

/**
 * Adds the providers statuswatch.yaml declares and the store lacks. It never removes: a
 * provider added from the CLI or the dashboard is not the file's to delete. A provider that
 * cannot be added (detection failed) is reported and retried at the next start.
 */
export async function syncWatchList(
  store: Store,
  fetcher: Fetcher,
  declared: readonly WatchedProvider[],
  now: EpochMs,
): Promise<SyncResult> {
  const existing = new Set((await store.listProviders()).map((r) => r.provider.slug));
  const result: SyncResult = { added: [], failed: [] };
  for (const p of declared) {
    if (existing.has(p.slug)) continue;
    try {
      await addProvider(
        store,
        fetcher,
        {
          url: p.url,
          slug: p.slug,
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.format !== undefined ? { format: p.format } : {}),
          ...(p.pollIntervalSeconds !== undefined
            ? { pollIntervalSeconds: p.pollIntervalSeconds }
            : {}),
        },
        now,
      );
      result.added.push(p.slug);
    } catch (error) {
      result.failed.push({ slug: p.slug, reason: describeError(error) });
    }
  }
  return result;
}
