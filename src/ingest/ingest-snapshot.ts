import type { EpochMs, IngestEvent, Snapshot } from '../domain/index.ts';
import type { SourceState, Store } from '../storage/store.ts';
import { reconcile, type Reconciled } from './reconcile.ts';
import { nextHealth } from './source-health.ts';
import { nextPollAt } from './poll-schedule.ts';

export interface IngestOptions {
  now: EpochMs;
  /** Validators from the response that carried the snapshot. */
  etag?: string | null;
  lastModified?: string | null;
  /** Events from `statuswatch import` are stored but never alert. */
  imported?: boolean;
  random?: () => number;
}

/**
 * The one path from a parsed snapshot to the store, shared by the poller and the importer:
 * load what is needed, reconcile (pure), then write state, events and source health in one
 * transaction. Returns the reconciliation and the ids of the events actually inserted.
 */
export async function ingestSnapshot(
  store: Store,
  slug: string,
  snapshot: Snapshot,
  options: IngestOptions,
): Promise<Reconciled & { insertedEventIds: number[] }> {
  const ids = snapshot.incidents.map((i) => i.vendorId);
  const previous = await store.loadProviderState(slug, ids);
  const result = reconcile(previous, snapshot, options.now);
  const health = nextHealth(slug, previous.source.health, { ok: true }, options.now);
  // An import replays the past: it says nothing about the live source's health or schedule.
  const source: SourceState = options.imported === true ? previous.source : {
    etag: options.etag ?? previous.source.etag,
    lastModified: options.lastModified ?? previous.source.lastModified,
    health: health.health,
    nextPollAt: nextPollAt({
      now: options.now,
      poll: previous.provider.poll,
      hasOpenIncident: result.status !== 'operational',
      consecutiveFailures: 0,
      ...(options.random ? { random: options.random } : {}),
    }),
  };
  const events: IngestEvent[] =
    options.imported === true ? result.events : [...health.events, ...result.events];
  const insertedEventIds = await store.applyIngest({
    providerSlug: slug,
    components: result.components,
    incidents: result.incidents,
    events,
    status: result.status,
    source,
    imported: options.imported ?? false,
  });
  return { ...result, events, insertedEventIds };
}
