import { describeError, isStatuswatchError, type EpochMs } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import { parseInWorker } from '../parse-worker/parse-in-worker.ts';
import { withDeliveryPlan } from '../alerts/plan-deliveries.ts';
import type { ClaimedSource, IngestWrite, Store } from '../storage/store.ts';
import { ingestSnapshot } from './ingest-snapshot.ts';
import { nextPollAt } from './poll-schedule.ts';
import { nextHealth, type PollOutcome } from './source-health.ts';
import { pageUrlOf } from './plan-provider.ts';
import type { SourceStateBatcher } from './source-state-batcher.ts';

export interface PollDeps {
  store: Store;
  fetcher: Fetcher;
  clock: () => EpochMs;
  /** Where 304 bookkeeping goes; a batcher in the scheduler, one write each by default. */
  sourceStates?: SourceStateBatcher;
}

export type PollResult =
  | { slug: string; outcome: 'not_modified' }
  | { slug: string; outcome: 'ingested'; events: number; warnings: string[] }
  | { slug: string; outcome: 'failed'; errorKind: string; message: string };

/**
 * Polls one leased source. Every failure is caught here, at the edge, and becomes source
 * health: earlier data is never touched by a failed poll.
 */
export async function pollSource(claimed: ClaimedSource, deps: PollDeps): Promise<PollResult> {
  const { provider, source } = claimed;
  try {
    const res = await deps.fetcher.fetch({
      url: provider.sourceUrl,
      etag: source.etag,
      lastModified: source.lastModified,
    });
    const now = deps.clock();
    if (res.kind === 'not_modified') {
      await recordOutcome(claimed, deps, now, { ok: true });
      return { slug: provider.slug, outcome: 'not_modified' };
    }
    const meta = { url: res.url, fetchedAt: now, contentType: res.contentType };
    const snapshot = await parseInWorker(provider.format, res.body, meta);
    const result = await ingestSnapshot(deps.store, provider.slug, snapshot, {
      now,
      etag: res.etag,
      lastModified: res.lastModified,
      ...(deps.sourceStates !== undefined ? { sourceStates: deps.sourceStates } : {}),
    });
    let events = result.insertedEventIds.length;
    const warnings = snapshot.warnings.filter((w) => w.startsWith('too_complex'));
    for (const id of result.vanishedOpenIncidents) {
      const followed = await followVanished(claimed, id, deps);
      events += followed.events;
      if (followed.warning !== null) warnings.push(followed.warning);
    }
    return { slug: provider.slug, outcome: 'ingested', events, warnings };
  } catch (error) {
    const errorKind = isStatuswatchError(error) ? error.kind : 'internal';
    const message = describeError(error);
    await recordOutcome(claimed, deps, deps.clock(), { ok: false, errorKind, message });
    return { slug: provider.slug, outcome: 'failed', errorKind, message };
  }
}

// --- internal ---

/**
 * summary.json lists only open incidents; when one disappears we fetch it alone to learn how
 * and when it ended, instead of guessing that it resolved "now". A failure here (the vendor
 * deleted the incident, say) is reported but does not fail the poll that already succeeded:
 * the incident stays as we last saw it.
 */
async function followVanished(
  claimed: ClaimedSource,
  id: string,
  deps: PollDeps,
): Promise<{ events: number; warning: string | null }> {
  const url = `${apiRootOf(claimed.provider.sourceUrl)}/incidents/${encodeURIComponent(id)}.json`;
  try {
    const res = await deps.fetcher.fetch({ url });
    if (res.kind === 'not_modified') return { events: 0, warning: null };
    const now = deps.clock();
    const snapshot = await parseInWorker(claimed.provider.format, res.body, {
      url: res.url,
      fetchedAt: now,
      contentType: res.contentType,
    });
    const result = await ingestSnapshot(deps.store, claimed.provider.slug, snapshot, { now });
    return { events: result.insertedEventIds.length, warning: null };
  } catch (error) {
    return { events: 0, warning: `incident ${id} left the open list but ${describeError(error)}` };
  }
}

/** `https://x/api/v2/incidents/unresolved.json` → `https://x/api/v2`. */
export function apiRootOf(sourceUrl: string): string {
  return `${pageUrlOf(new URL(sourceUrl))}/api/v2`;
}

/**
 * Saves a poll that brought no snapshot (a 304 or a failure): health, schedule, validators.
 * Plain bookkeeping goes to the batcher; a health flip is news (source_failed or
 * source_recovered) and takes the full write, with its alerts planned like any other event.
 */
async function recordOutcome(
  claimed: ClaimedSource,
  deps: PollDeps,
  now: EpochMs,
  outcome: PollOutcome,
): Promise<void> {
  const slug = claimed.provider.slug;
  const health = nextHealth(slug, claimed.source.health, outcome, now);
  const source = {
    ...claimed.source,
    health: health.health,
    nextPollAt: nextPollAt({
      now,
      poll: claimed.provider.poll,
      hasOpenIncident: outcome.ok && claimed.status !== 'operational',
      consecutiveFailures: health.health.consecutiveFailures,
    }),
  };
  if (health.events.length === 0) {
    if (deps.sourceStates !== undefined) await deps.sourceStates.record(slug, source);
    else await deps.store.recordSourceStates([{ providerSlug: slug, source }]);
    return;
  }
  const write: IngestWrite = {
    providerSlug: slug,
    components: null,
    incidents: [],
    events: health.events,
    status: claimed.status,
    source,
    imported: false,
  };
  await deps.store.applyIngest(
    await withDeliveryPlan(deps.store, write, { components: null, now }),
  );
}
