import { isDeepStrictEqual } from 'node:util';
import type { EpochMs, IngestEvent, Snapshot } from '../domain/index.ts';
import type {
  CompanionState,
  FollowUp,
  IngestWrite,
  ProviderState,
  SourceState,
  Store,
} from '../storage/store.ts';
import { nextFollowUps, replaceFollowUp } from './follow-ups.ts';
import { reconcile, type Reconciled } from './reconcile.ts';
import { nextHealth } from './source-health.ts';
import { withAnalysis } from './with-analysis.ts';
import { withDerivedComponents } from './with-derived-components.ts';
import { nextPollAt } from './poll-schedule.ts';
import type { SourceStateBatcher } from './source-state-batcher.ts';
import type { DeliveryPlanner } from './delivery-planner.ts';

export interface IngestOptions {
  now: EpochMs;
  /** Alert deliveries planned with the write (`noDeliveries` for imports). */
  deliveries: DeliveryPlanner;
  /** Validators from the response that carried the snapshot. */
  etag?: string | null;
  lastModified?: string | null;
  /** Events from `statuswatch import` are stored but never alert. */
  imported?: boolean;
  random?: () => number;
  /** Batches the write when the snapshot brought nothing new (see source-state-batcher). */
  sourceStates?: SourceStateBatcher;
  /**
   * The snapshot came from the history companion, whose state after this step is given: the
   * fast source's validators, health and schedule are left as they are.
   */
  companion?: CompanionState;
  /** A step beside the fast source (a follow-up): its state is left as it is. */
  sideStep?: boolean;
  /** The follow-up entry this step settles or reschedules (attempt counted). */
  followUpAttempt?: FollowUp;
  /** Closed incidents first seen in this snapshot are history, not news (a first backfill). */
  backfill?: boolean;
  /** A later step of the same poll follows: keep the provider leased. */
  keepLease?: boolean;
  /**
   * The snapshot was authored (the team's own page), not fetched: the provider is never due
   * for a poll, so the scheduler never claims it.
   */
  authored?: boolean;
}

/** The next poll time of an authored provider: the end of year 9999, never reached. */
export const NEVER_POLLED_AT = Date.UTC(9999, 11, 31);

export type Ingested = Reconciled & {
  insertedEventIds: number[];
  /** True when the write kept the provider leased (the caller releases it at the end). */
  leaseKept: boolean;
  /** The follow-up list after this step. */
  followUps: FollowUp[];
};

/**
 * The one path from a parsed snapshot to the store, shared by the poller and the importer:
 * load what is needed, reconcile (pure), then write state, events and source health in one
 * transaction. Returns the reconciliation and the ids of the events actually inserted.
 *
 * Open incidents that leave an open-only list join the provider's follow-up list in the same
 * write; the lease is then kept so the poller can ask for them at once.
 */
export async function ingestSnapshot(
  store: Store,
  slug: string,
  snapshot: Snapshot,
  options: IngestOptions,
): Promise<Ingested> {
  const ids = snapshot.incidents.map((i) => i.vendorId);
  const loaded = await store.loadProviderState(slug, ids);
  const previous = options.backfill === true ? { ...loaded, neverIngested: true } : loaded;
  const result = historyOnly(
    loaded,
    options,
    reconcile(previous, snapshot, options.now, {
      unpublishedPostmortemsAreDrafts: options.authored === true,
    }),
  );
  const health = nextHealth(slug, previous.source.health, { ok: true }, options.now);
  const source = liveSourceState(previous.source, result, health.health, options, previous);
  const before =
    options.followUpAttempt === undefined
      ? previous.followUps
      : replaceFollowUp(previous.followUps, options.followUpAttempt);
  const followUps = nextFollowUps(
    before,
    {
      vanished: result.vanishedOpenIncidents,
      stillOpen: result.stillOpen,
      listedOpen: result.listedOpen,
    },
    options.now,
  );
  const followUpsChanged = !isDeepStrictEqual(followUps, previous.followUps);
  const live = options.imported !== true;
  const leaseKept = live && (options.keepLease === true || result.vanishedOpenIncidents.length > 0);
  const nothingNew =
    !loaded.neverIngested &&
    result.incidents.length === 0 &&
    result.components === null &&
    result.status === previous.status;
  const sideStep = options.companion !== undefined || options.sideStep === true;
  const healthEvents = sideStep ? [] : health.events;
  if (
    nothingNew &&
    healthEvents.length === 0 &&
    !followUpsChanged &&
    !leaseKept &&
    !sideStep &&
    options.sourceStates !== undefined
  ) {
    // A changed page with nothing new for us (only its timestamp moved): bookkeeping only.
    await options.sourceStates.record(slug, source);
    return { ...result, insertedEventIds: [], leaseKept: false, followUps };
  }
  const events: IngestEvent[] = live ? [...healthEvents, ...result.events] : result.events;
  const write: IngestWrite = {
    providerSlug: slug,
    components: result.components,
    incidents: withAnalysis(
      withDerivedComponents(result.incidents, snapshot.components ?? loaded.components ?? []),
    ),
    events,
    status: result.status,
    source,
    imported: !live,
    ...(live && followUpsChanged ? { followUps } : {}),
    ...(live && options.companion !== undefined ? { companion: options.companion } : {}),
    ...(leaseKept ? { keepLease: true } : {}),
  };
  // Alert deliveries are planned here and written with the events (never for imports).
  const planned = await options.deliveries(write, {
    components: previous.components,
    now: options.now,
  });
  const insertedEventIds = await store.applyIngest(planned);
  return { ...result, events, insertedEventIds, leaseKept, followUps };
}

// --- internal ---

/**
 * An import into a provider that is also polled writes history only: a capture older than the
 * live poll must not turn today's components or status back into yesterday's.
 */
function historyOnly(
  loaded: ProviderState,
  options: IngestOptions,
  result: Reconciled,
): Reconciled {
  if (options.imported !== true || loaded.source.health.lastSuccessAt === null) return result;
  return {
    ...result,
    components: null,
    status: loaded.status,
    events: result.events.filter(
      (e) => e.kind !== 'component_status_changed' && e.kind !== 'provider_status_changed',
    ),
  };
}

/**
 * The fast source's state after this step. An import replays the past and a companion step is
 * another source: neither says anything about the fast source's health or schedule.
 */
function liveSourceState(
  before: SourceState,
  result: Reconciled,
  health: SourceState['health'],
  options: IngestOptions,
  previous: { provider: { poll: { intervalMs: number; openIncidentIntervalMs: number } } },
): SourceState {
  if (options.imported === true || options.companion !== undefined || options.sideStep === true) {
    return before;
  }
  return {
    etag: options.etag ?? before.etag,
    lastModified: options.lastModified ?? before.lastModified,
    health,
    nextPollAt:
      options.authored === true
        ? NEVER_POLLED_AT
        : nextPollAt({
            now: options.now,
            poll: previous.provider.poll,
            hasOpenIncident: result.status !== 'operational',
            consecutiveFailures: 0,
            ...(options.random ? { random: options.random } : {}),
          }),
  };
}
