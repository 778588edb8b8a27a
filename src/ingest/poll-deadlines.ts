import { setMaxListeners } from 'node:events';

/**
 * The deadline signals of polls, shared by the polls that start within the same slot of real
 * time (a second, or a tenth of `ms` when that is shorter). A signal and timer of its own cost a
 * poll ~25 µs of CPU, when a poll answered 304 costs ~300 µs in all and a simulation runs
 * hundreds a second. A slot's signal fires at the slot's start plus `ms`, so a poll's deadline
 * lies between 90% of `ms` and `ms`: never later than asked, so still well inside the lease.
 */
export function createPollDeadlines(
  ms: number,
  realNow: () => number = () => performance.now(),
): () => AbortSignal {
  const slotMs = Math.max(1, Math.min(1000, Math.floor(ms / 10)));
  let slot = Number.NaN;
  let signal: AbortSignal | null = null;
  return () => {
    const now = realNow();
    const current = Math.floor(now / slotMs);
    if (signal === null || current !== slot) {
      slot = current;
      signal = AbortSignal.timeout(Math.max(0, Math.floor(current * slotMs + ms - now)));
      // Every poll in flight listens to it (a fleet runs 64 at once): not a leak.
      setMaxListeners(0, signal);
    }
    return signal;
  };
}
