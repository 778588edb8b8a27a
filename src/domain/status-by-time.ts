import type { AnyIncidentStatus } from './vocabulary.ts';
import { isClosedStatus } from './vocabulary.ts';
import type { EpochMs, IncidentUpdate } from './model.ts';

/**
 * The status an incident is in after its updates, read by time rather than by list position.
 *
 * A feed shows only minute-precise times, and vendors sometimes post an "Update" or
 * "Investigating" in the same minute as "Resolved", listed above it. Taking the last listed
 * update would reopen a closed incident for good; so an update in the same minute as a closing
 * one never outranks it, and only a strictly later non-closing update reopens the incident.
 * Undated updates keep their listed place.
 */
export function statusByTime(
  updates: readonly Pick<IncidentUpdate, 'status' | 'displayedAt'>[],
): AnyIncidentStatus | null {
  const last = updates.at(-1);
  if (last === undefined) return null;
  let latestAt: EpochMs | null = null;
  for (const u of updates) {
    if (u.displayedAt !== null && (latestAt === null || u.displayedAt > latestAt)) {
      latestAt = u.displayedAt;
    }
  }
  if (latestAt === null) return last.status;
  const latest = updates.filter((u) => u.displayedAt === latestAt);
  const closing = latest.findLast((u) => isClosedStatus(u.status));
  return (closing ?? latest.at(-1) ?? last).status;
}
