import type { EpochMs } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { Store } from '../storage/store.ts';
import type { PageCache } from './page-cache.ts';

/** What every route gets: the store, the page cache, the clock, and the fetcher when adding is on. */
export interface WebDeps {
  store: Store;
  cache: PageCache;
  clock: () => EpochMs;
  /** null: the "add a vendor" form is not offered (and POST /providers is 403). */
  fetcher: Fetcher | null;
}
