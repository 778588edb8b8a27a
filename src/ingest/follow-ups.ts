import type { EpochMs } from '../domain/index.ts';
import type { FollowUp } from '../storage/store.ts';

/** First retry after a failed follow-up; doubles up to FOLLOW_UP_MAX_DELAY_MS. */
export const FOLLOW_UP_FIRST_DELAY_MS = 30_000;
export const FOLLOW_UP_MAX_DELAY_MS = 30 * 60_000;
/**
 * How long the vendor has to say how an incident that left its open list ended. Past this the
 * incident is withdrawn (end unknown) rather than left open for good.
 */
export const FOLLOW_UP_GIVE_UP_MS = 6 * 3_600_000;
/** Follow-ups tried in one poll, so that a burst of vanished incidents cannot stretch a poll. */
export const FOLLOW_UPS_PER_POLL = 5;

/**
 * Pure: the follow-up list after an ingest step. Incidents that are closed (or set aside) or
 * listed open again leave it; incidents that just left the open list join it, due at once.
 */
export function nextFollowUps(
  list: readonly FollowUp[],
  change: {
    vanished: readonly string[];
    stillOpen: ReadonlySet<string>;
    listedOpen: ReadonlySet<string>;
  },
  now: EpochMs,
): FollowUp[] {
  const kept = list.filter(
    (f) => change.stillOpen.has(f.incidentVendorId) && !change.listedOpen.has(f.incidentVendorId),
  );
  const known = new Set(kept.map((f) => f.incidentVendorId));
  for (const id of change.vanished) {
    if (known.has(id)) continue;
    kept.push({ incidentVendorId: id, since: now, attempts: 0, nextAttemptAt: now });
    known.add(id);
  }
  return kept;
}

/** The follow-ups due now, oldest first, at most FOLLOW_UPS_PER_POLL. */
export function dueFollowUps(list: readonly FollowUp[], now: EpochMs): FollowUp[] {
  return list
    .filter((f) => f.nextAttemptAt <= now)
    .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
    .slice(0, FOLLOW_UPS_PER_POLL);
}

/** The entry after an attempt that did not settle it: tried again later, with backoff. */
export function afterAttempt(f: FollowUp, now: EpochMs): FollowUp {
  const delay = Math.min(
    FOLLOW_UP_MAX_DELAY_MS,
    FOLLOW_UP_FIRST_DELAY_MS * 2 ** Math.min(f.attempts, 16),
  );
  // The last try falls at the give-up time, so the verdict never waits for a long backoff.
  const nextAttemptAt = Math.min(now + delay, Math.max(now, f.since + FOLLOW_UP_GIVE_UP_MS));
  return { ...f, attempts: f.attempts + 1, nextAttemptAt };
}

export function followUpExpired(f: FollowUp, now: EpochMs): boolean {
  return now - f.since >= FOLLOW_UP_GIVE_UP_MS;
}

export function replaceFollowUp(list: readonly FollowUp[], next: FollowUp): FollowUp[] {
  return list.map((f) => (f.incidentVendorId === next.incidentVendorId ? next : f));
}

export function withoutFollowUp(list: readonly FollowUp[], id: string): FollowUp[] {
  return list.filter((f) => f.incidentVendorId !== id);
}
