import {
  describeError,
  feedCompanionFor,
  isStatuswatchError,
  type EpochMs,
} from '../domain/index.ts';
import { parseInWorker } from '../parse-worker/parse-in-worker.ts';
import type { ClaimedSource, CompanionState } from '../storage/store.ts';
import { ingestSnapshot } from './ingest-snapshot.ts';
import { nextPollAt } from './poll-schedule.ts';
import type { PollDeps } from './poll-source.ts';

/**
 * The companion is polled conditionally every 10 minutes: often enough that an incident born
 * and resolved between two summary polls arrives within minutes, rare enough that a provider
 * costs at most ~66 requests an hour with its 60 s summary.
 */
export const COMPANION_INTERVAL_MS = 10 * 60_000;

export function companionDue(claimed: ClaimedSource, now: EpochMs): boolean {
  return claimed.companion !== null && claimed.companion.nextPollAt <= now;
}

/**
 * Polls the history companion once. Its first success is a backfill (history, no alerts); a page
 * without `incidents.json` (404) falls back to `history.atom`. Failures only reschedule it:
 * the fast source's health is not the companion's business. Returns the events inserted.
 */
export async function pollCompanion(
  claimed: ClaimedSource,
  companion: CompanionState,
  deps: PollDeps,
  signal: AbortSignal,
): Promise<{ events: number; warning: string | null }> {
  const slug = claimed.provider.slug;
  try {
    const res = await deps.fetcher.fetch({
      url: companion.url,
      etag: companion.etag,
      lastModified: companion.lastModified,
      signal,
    });
    const now = deps.clock();
    const ok = succeeded(companion, now, deps.random);
    if (res.kind === 'not_modified') {
      await deps.store.recordCompanionState(slug, ok);
      return { events: 0, warning: null };
    }
    const meta = { url: res.url, fetchedAt: now, contentType: res.contentType };
    const snapshot = await parseInWorker(companion.format, res.body, meta);
    const result = await ingestSnapshot(deps.store, slug, snapshot, {
      now,
      deliveries: deps.deliveries,
      companion: { ...ok, etag: res.etag, lastModified: res.lastModified },
      backfill: companion.lastSuccessAt === null,
      keepLease: true,
    });
    return { events: result.insertedEventIds.length, warning: null };
  } catch (error) {
    const now = deps.clock();
    await deps.store.recordCompanionState(slug, failed(companion, error, now, deps.random));
    return { events: 0, warning: `history companion ${companion.url}: ${describeError(error)}` };
  }
}

// --- internal ---

function succeeded(c: CompanionState, now: EpochMs, random?: () => number): CompanionState {
  return {
    ...c,
    nextPollAt: next(now, 0, random),
    lastSuccessAt: now,
    consecutiveFailures: 0,
    lastErrorKind: null,
  };
}

function failed(
  c: CompanionState,
  error: unknown,
  now: EpochMs,
  random?: () => number,
): CompanionState {
  const missing = isStatuswatchError(error, 'http_status') && error.httpStatus === 404;
  const fallback = missing ? feedCompanionFor(c) : null;
  if (fallback !== null) {
    // Some incident.io pages have no incidents.json; their history.atom carries the same story.
    return { ...c, ...fallback, etag: null, lastModified: null, nextPollAt: now };
  }
  const failures = c.consecutiveFailures + 1;
  return {
    ...c,
    nextPollAt: next(now, failures, random),
    consecutiveFailures: failures,
    lastErrorKind: isStatuswatchError(error) ? error.kind : 'internal',
  };
}

function next(now: EpochMs, failures: number, random?: () => number): EpochMs {
  return nextPollAt({
    now,
    poll: { intervalMs: COMPANION_INTERVAL_MS, openIncidentIntervalMs: COMPANION_INTERVAL_MS },
    hasOpenIncident: false,
    consecutiveFailures: failures,
    ...(random ? { random } : {}),
  });
}
