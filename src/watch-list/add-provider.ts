import { StatuswatchError, type Component, type EpochMs, type Provider } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import { findCatalogEntry } from '../catalog/index.ts';
import type { Store } from '../storage/store.ts';
import { detectSource } from '../ingest/detect-source.ts';
import { planProvider, type ProviderRequest } from '../ingest/plan-provider.ts';

export interface AddedProvider {
  provider: Provider;
  /** Components seen while detecting; null when the format was given and nothing was fetched. */
  components: Component[] | null;
  detected: boolean;
}

/**
 * `statuswatch add` and the dashboard's form: a URL or a catalog name in, a stored provider
 * out. With a format given nothing is fetched; otherwise the page is probed for the richest
 * format. The store is written last, so a failure leaves it unchanged.
 */
export async function addProvider(
  store: Store,
  fetcher: Fetcher,
  request: ProviderRequest,
  now: EpochMs,
): Promise<AddedProvider> {
  const resolved = resolveCatalogName(request);
  const planned = await plan(fetcher, resolved, now);
  await store.addProvider(planned.provider, now);
  return planned;
}

// --- internal ---

function resolveCatalogName(request: ProviderRequest): ProviderRequest {
  if (request.url.includes('://')) return request;
  const entry = findCatalogEntry(request.url);
  if (entry === null) {
    throw new StatuswatchError(
      'bad_url',
      `"${request.url}" is neither a URL nor a vendor in the catalog (try "statuswatch catalog search ${request.url}")`,
    );
  }
  // The catalog's platform is only a hint; detection still confirms what the page serves.
  return { ...request, url: entry.url, name: request.name ?? entry.name };
}

async function plan(
  fetcher: Fetcher,
  request: ProviderRequest,
  now: EpochMs,
): Promise<AddedProvider> {
  if (request.format !== undefined) {
    return {
      provider: planProvider({ ...request, format: request.format }, now),
      components: null,
      detected: false,
    };
  }
  const found = await detectSource(fetcher, request.url);
  const provider = planProvider(
    { ...request, url: found.sourceUrl, format: found.format },
    now,
    found.snapshot.page.name,
  );
  return { provider, components: found.snapshot.components, detected: true };
}
