import { describeError, isStatuswatchError, type EpochMs } from '../domain/index.ts';
import { retryAfterMsOf, type Fetcher } from '../fetch/index.ts';
import { parseInWorker } from '../parse-worker/parse-in-worker.ts';
import type {
  ClaimedSource,
  CompanionState,
  FollowUp,
  IngestWrite,
  SourceState,
  Store,
} from '../storage/store.ts';
import { dueFollowUps } from './follow-ups.ts';
import { ingestSnapshot } from './ingest-snapshot.ts';
import { companionDue, pollCompanion } from './poll-companion.ts';
import { pollFollowUps } from './poll-follow-ups.ts';
import { nextPollAt } from './poll-schedule.ts';
import { nextHealth, type PollOutcome } from './source-health.ts';
import type { SourceStateBatcher } from './source-state-batcher.ts';
import type { DeliveryPlanner } from './delivery-planner.ts';

export { apiRootOf } from './poll-follow-ups.ts';

/** A poll's steps together must end well inside the lease (120 s by default). */
export const DEFAULT_POLL_DEADLINE_MS = 60_000;

export interface PollDeps {
  store: Store;
  fetcher: Fetcher;
  clock: () => EpochMs;
  /** Alert deliveries planned with each write (alerts' planner, wired by the composition root). */
  deliveries: DeliveryPlanner;
  /** Where 304 bookkeeping goes; a batcher in the scheduler, one write each by default. */
  sourceStates?: SourceStateBatcher;
  /** Real time a whole poll (summary, companion, follow-ups) may take; shorter than the lease. */
  pollDeadlineMs?: number;
  /** The signal of that deadline, shared by polls started together (the scheduler's); else one each. */
  deadline?: () => AbortSignal;
  /** Jitter source for schedules; injectable so tests are exact. */
  random?: () => number;
}

export type PollResult =
  | { slug: string; outcome: 'not_modified' }
  | { slug: string; outcome: 'ingested'; events: number; warnings: string[] }
  | { slug: string; outcome: 'failed'; errorKind: string; message: string };

/**
 * Polls one leased provider: its fast source (summary.json), then, when due, its history
 * companion and the follow-ups of incidents that left the open list. The provider stays leased
 * to this poll until its last step, so it is never polled twice at once. Every failure is
 * caught here, at the edge: earlier data is never touched by a failed poll.
 *
 * Steps that bring nothing (a 304, a failure that flips no health) leave their bookkeeping
 * pending: it goes out last, in one batched write that also ends the lease, so a poll whose
 * summary and companion both answer 304 costs one row update like a plain 304.
 */
export async function pollSource(claimed: ClaimedSource, deps: PollDeps): Promise<PollResult> {
  const signal =
    deps.deadline?.() ?? AbortSignal.timeout(deps.pollDeadlineMs ?? DEFAULT_POLL_DEADLINE_MS);
  const now = deps.clock();
  const sweepStale = OUTAGE_STATUSES.has(claimed.status) && sweepDue(claimed, now);
  const moreSteps =
    companionDue(claimed, now) || dueFollowUps(claimed.followUps, now).length > 0 || sweepStale;
  const fast = await pollFastSource(claimed, deps, signal, moreSteps);
  if (!moreSteps && !fast.leaseKept) return fast.result;
  let leaseEnded = false;
  try {
    const side = await sideSteps(claimed, deps, signal, fast, sweepStale);
    leaseEnded = await recordPending(claimed.provider.slug, deps, fast.pending, side.companion);
    return side.result;
  } finally {
    if (!leaseEnded) await deps.store.releaseLease(claimed.provider.slug);
  }
}

// --- internal ---

/** A provider in these states may hold an incident that went quiet and must be set aside. */
const OUTAGE_STATUSES = new Set([
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
]);

/** Staleness is measured in days: looking once an hour is plenty, and keeps 304 polls cheap. */
const SWEEP_EVERY_MS = 3_600_000;

function sweepDue(claimed: ClaimedSource, now: EpochMs): boolean {
  const last = claimed.source.health.lastSuccessAt;
  return last === null || Math.floor(last / SWEEP_EVERY_MS) !== Math.floor(now / SWEEP_EVERY_MS);
}

interface FastStep {
  result: PollResult;
  leaseKept: boolean;
  /** The follow-up list after this step (as claimed, unless the ingest changed it). */
  followUps: FollowUp[];
  /** Bookkeeping left for the poll's last write (kept lease, nothing new). */
  pending: SourceState | null;
}

async function pollFastSource(
  claimed: ClaimedSource,
  deps: PollDeps,
  signal: AbortSignal,
  keepLease: boolean,
): Promise<FastStep> {
  const { provider, source } = claimed;
  try {
    const res = await deps.fetcher.fetch({
      url: provider.sourceUrl,
      etag: source.etag,
      lastModified: source.lastModified,
      signal,
    });
    const now = deps.clock();
    if (res.kind === 'not_modified') {
      const pending = await recordOutcome(claimed, deps, now, { ok: true }, keepLease);
      return {
        result: { slug: provider.slug, outcome: 'not_modified' },
        leaseKept: keepLease,
        followUps: claimed.followUps,
        pending,
      };
    }
    const meta = { url: res.url, fetchedAt: now, contentType: res.contentType };
    const snapshot = await parseInWorker(provider.format, res.body, meta);
    const result = await ingestSnapshot(deps.store, provider.slug, snapshot, {
      now,
      deliveries: deps.deliveries,
      etag: res.etag,
      lastModified: res.lastModified,
      keepLease,
      ...(deps.sourceStates !== undefined ? { sourceStates: deps.sourceStates } : {}),
      ...(deps.random !== undefined ? { random: deps.random } : {}),
    });
    const events = result.insertedEventIds.length;
    // Bodies kept as plain text because they were too complex to parse are worth saying.
    const warnings = snapshot.warnings.filter((w) => w.startsWith('too_complex'));
    return {
      result: { slug: provider.slug, outcome: 'ingested', events, warnings },
      leaseKept: result.leaseKept,
      followUps: result.followUps,
      pending: null,
    };
  } catch (error) {
    const errorKind = isStatuswatchError(error) ? error.kind : 'internal';
    const message = describeError(error);
    const outcome = { ok: false as const, errorKind, message };
    const retryAfterMs = retryAfterMsOf(error);
    const pending = await recordOutcome(
      claimed,
      deps,
      deps.clock(),
      outcome,
      keepLease,
      retryAfterMs,
    );
    return {
      result: { slug: provider.slug, outcome: 'failed', errorKind, message },
      leaseKept: keepLease,
      followUps: claimed.followUps,
      pending,
    };
  }
}

/** Companion, follow-ups and the stale sweep; each catches its own failures. */
async function sideSteps(
  claimed: ClaimedSource,
  deps: PollDeps,
  signal: AbortSignal,
  fast: FastStep,
  sweepStale: boolean,
): Promise<{ result: PollResult; companion: CompanionState | null }> {
  let events = 0;
  const warnings: string[] = [];
  let followUps = fast.followUps;
  let companion: CompanionState | null = null;
  if (claimed.companion !== null && companionDue(claimed, deps.clock()) && !signal.aborted) {
    const step = await pollCompanion(claimed, claimed.companion, deps, signal);
    events += step.events;
    if (step.warning !== null) warnings.push(step.warning);
    if (step.followUps !== null) followUps = step.followUps;
    companion = step.pending;
  }
  try {
    const sweep = sweepStale && fast.result.outcome !== 'ingested';
    const step = await pollFollowUps(claimed, followUps, deps, signal, sweep);
    events += step.events;
    warnings.push(...step.warnings);
  } catch (error) {
    warnings.push(`follow-ups: ${describeError(error)}`);
  }
  return { result: withSideSteps(fast.result, events, warnings), companion };
}

function withSideSteps(r: PollResult, events: number, warnings: string[]): PollResult {
  if (r.outcome === 'failed') return r;
  if (r.outcome === 'not_modified' && events === 0 && warnings.length === 0) return r;
  const before = r.outcome === 'ingested' ? r.events : 0;
  const fastWarnings = r.outcome === 'ingested' ? r.warnings : [];
  return {
    slug: r.slug,
    outcome: 'ingested',
    events: before + events,
    warnings: [...fastWarnings, ...warnings],
  };
}

/**
 * Writes what the steps left pending. With the fast source's state, one batched write that
 * also ends the lease (true); the companion's alone keeps it, for the caller to release.
 */
async function recordPending(
  slug: string,
  deps: PollDeps,
  source: SourceState | null,
  companion: CompanionState | null,
): Promise<boolean> {
  if (source === null) {
    if (companion !== null) await deps.store.recordCompanionState(slug, companion);
    return false;
  }
  const withCompanion = companion ?? undefined;
  if (deps.sourceStates !== undefined) await deps.sourceStates.record(slug, source, withCompanion);
  else
    await deps.store.recordSourceStates([
      withCompanion === undefined
        ? { providerSlug: slug, source }
        : { providerSlug: slug, source, companion: withCompanion },
    ]);
  return true;
}

/**
 * Saves a poll that brought no snapshot (a 304 or a failure): health, schedule, validators.
 * Plain bookkeeping goes to the batcher, or is returned for the poll's last write when more
 * steps follow; a health flip is news (source_failed or source_recovered) and takes the full
 * write at once, with its alerts planned like any other event.
 */
async function recordOutcome(
  claimed: ClaimedSource,
  deps: PollDeps,
  now: EpochMs,
  outcome: PollOutcome,
  keepLease: boolean,
  retryAfterMs: number | null = null,
): Promise<SourceState | null> {
  const slug = claimed.provider.slug;
  const health = nextHealth(slug, claimed.source.health, outcome, now);
  const scheduled = nextPollAt({
    now,
    poll: claimed.provider.poll,
    hasOpenIncident: outcome.ok && claimed.status !== 'operational',
    previousPollAt: claimed.source.health.lastSuccessAt,
    consecutiveFailures: health.health.consecutiveFailures,
    ...(deps.random !== undefined ? { random: deps.random } : {}),
  });
  // A vendor that answers 429/503 with Retry-After is not asked again before it said.
  const source = {
    ...claimed.source,
    health: health.health,
    nextPollAt: retryAfterMs === null ? scheduled : Math.max(scheduled, now + retryAfterMs),
  };
  if (health.events.length === 0) {
    if (keepLease) return source;
    if (deps.sourceStates !== undefined) await deps.sourceStates.record(slug, source);
    else await deps.store.recordSourceStates([{ providerSlug: slug, source }]);
    return null;
  }
  const write: IngestWrite = {
    providerSlug: slug,
    components: null,
    incidents: [],
    events: health.events,
    status: claimed.status,
    source,
    imported: false,
    ...(keepLease ? { keepLease: true } : {}),
  };
  await deps.store.applyIngest(await deps.deliveries(write, { components: null, now }));
  return null;
}
