import type { EpochMs, IngestEvent, Snapshot } from '../domain/index.ts';
import { withDeliveryPlan } from '../alerts/plan-deliveries.ts';
import type { IngestWrite, SourceState, Store } from '../storage/store.ts';
import { reconcile, type Reconciled } from './reconcile.ts';
import { nextHealth } from './source-health.ts';
import { nextPollAt } from './poll-schedule.ts';
import type { SourceStateBatcher } from './source-state-batcher.ts';

export interface IngestOptions {
  now: EpochMs;
  /** Validators from the response that carried the snapshot. */
  etag?: string | null;
  lastModified?: string | null;
  /** Events from `statuswatch import` are stored but never alert. */
  imported?: boolean;
  random?: () => number;
  /** Batches the write when the snapshot brought nothing new (see source-state-batcher). */
  sourceStates?: SourceStateBatcher;
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
  const source: SourceState =
    options.imported === true
      ? previous.source
      : {
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
  const nothingNew =
    !previous.neverIngested &&
    result.incidents.length === 0 &&
    result.components === null &&
    result.status === previous.status;
  if (nothingNew && health.events.length === 0 && options.sourceStates !== undefined) {
    // A changed page with nothing new for us (only its timestamp moved): bookkeeping only.
    await options.sourceStates.record(slug, source);
    return { ...result, insertedEventIds: [] };
  }
  const events: IngestEvent[] =
    options.imported === true ? result.events : [...health.events, ...result.events];
  const write: IngestWrite = {
    providerSlug: slug,
    components: result.components,
    incidents: result.incidents,
    events,
    status: result.status,
    source,
    imported: options.imported ?? false,
  };
  // Alert deliveries are planned here and written with the events (never for imports).
  const planned = await withDeliveryPlan(store, write, {
    components: previous.components,
    now: options.now,
  });
  const insertedEventIds = await store.applyIngest(planned);
  return { ...result, events, insertedEventIds };
}
