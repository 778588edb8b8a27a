import { describeError, isStatuswatchError, pageUrlOf, type EpochMs } from '../domain/index.ts';
import { parseInWorker } from '../parse-worker/parse-in-worker.ts';
import type { ClaimedSource, FollowUp } from '../storage/store.ts';
import {
  afterAttempt,
  dueFollowUps,
  followUpExpired,
  replaceFollowUp,
  withoutFollowUp,
} from './follow-ups.ts';
import { ingestSnapshot } from './ingest-snapshot.ts';
import type { PollDeps } from './poll-source.ts';
import { setAsideIncidents } from './set-aside-incidents.ts';

export interface FollowUpOutcome {
  events: number;
  warnings: string[];
}

/**
 * Asks the vendor, one incident at a time, how the open incidents that left its open list
 * ended. A 404 (deleted) or no answer within FOLLOW_UP_GIVE_UP_MS ends one as withdrawn, end
 * unknown; anything else is tried again with backoff, whatever the summary says meanwhile.
 * `sweepStale` also flags open incidents that went quiet for too long.
 */
export async function pollFollowUps(
  claimed: ClaimedSource,
  deps: PollDeps,
  signal: AbortSignal,
  sweepStale: boolean,
): Promise<FollowUpOutcome> {
  const slug = claimed.provider.slug;
  let list = (await deps.store.getProvider(slug))?.followUps ?? [];
  const out: FollowUpOutcome = { events: 0, warnings: [] };
  const withdraw: { incidentVendorId: string; why: string }[] = [];
  let listChanged = false;
  for (const due of dueFollowUps(list, deps.clock())) {
    if (signal.aborted) break;
    const attempt = await askVendor(claimed, due, deps, signal);
    const now = deps.clock();
    if (attempt.kind === 'ingested') {
      out.events += attempt.events;
      list = attempt.followUps;
      continue;
    }
    if (attempt.kind === 'gone' || followUpExpired(due, now)) {
      withdraw.push({ incidentVendorId: due.incidentVendorId, why: attempt.why });
      list = withoutFollowUp(list, due.incidentVendorId);
    } else {
      list = replaceFollowUp(list, afterAttempt(due, now));
      out.warnings.push(`follow-up of incident ${due.incidentVendorId}: ${attempt.why}`);
    }
    listChanged = true;
  }
  if (withdraw.length > 0 || listChanged || sweepStale) {
    out.events += await setAsideIncidents(
      deps.store,
      slug,
      { withdraw, sweepStale, followUps: list },
      deps.clock(),
      deps.deliveries,
    );
  }
  return out;
}

// --- internal ---

type Attempt =
  | { kind: 'ingested'; events: number; followUps: FollowUp[] }
  | { kind: 'gone'; why: string }
  | { kind: 'retry'; why: string };

async function askVendor(
  claimed: ClaimedSource,
  due: FollowUp,
  deps: PollDeps,
  signal: AbortSignal,
): Promise<Attempt> {
  const id = due.incidentVendorId;
  const url = `${apiRootOf(claimed.provider.sourceUrl)}/incidents/${encodeURIComponent(id)}.json`;
  try {
    const res = await deps.fetcher.fetch({ url, signal });
    if (res.kind === 'not_modified') return { kind: 'retry', why: 'answered 304' };
    const now = deps.clock();
    const meta = { url: res.url, fetchedAt: now, contentType: res.contentType };
    const snapshot = await parseInWorker(claimed.provider.format, res.body, meta);
    const result = await ingestSnapshot(deps.store, claimed.provider.slug, snapshot, {
      now,
      deliveries: deps.deliveries,
      sideStep: true,
      followUpAttempt: afterAttempt(due, now),
      keepLease: true,
    });
    if (result.stillOpen.has(id) && followUpExpired(due, now)) {
      return {
        kind: 'gone',
        why: `still open ${hours(now - due.since)} h after leaving the open list`,
      };
    }
    return {
      kind: 'ingested',
      events: result.insertedEventIds.length,
      followUps: result.followUps,
    };
  } catch (error) {
    if (isStatuswatchError(error, 'http_status') && error.httpStatus === 404) {
      return { kind: 'gone', why: 'the vendor answers 404 for it' };
    }
    return { kind: 'retry', why: describeError(error) };
  }
}

/** `https://x/api/v2/summary.json` → `https://x/api/v2`. */
export function apiRootOf(sourceUrl: string): string {
  return `${pageUrlOf(new URL(sourceUrl))}/api/v2`;
}

function hours(ms: EpochMs): number {
  return Math.round(ms / 3_600_000);
}
