import type { ClaimedDelivery } from '../storage/alert-store.ts';

/**
 * Claimed deliveries per receiver host: at most `limitOf(host)` sending, and as many again
 * waiting, so that the next sends start without a round trip to the database. The wait is
 * short (one send's time at most), far below the lease.
 */
export function hostQueues(limitOf: (host: string) => number) {
  const sending = new Map<string, number>();
  const waiting = new Map<string, ClaimedDelivery[]>();
  let held = 0;
  const heldBy = (host: string): number =>
    (sending.get(host) ?? 0) + (waiting.get(host)?.length ?? 0);
  return {
    /** Claimed and not finished, all hosts together. */
    held: () => held,
    add(delivery: ClaimedDelivery): void {
      const queue = waiting.get(delivery.channelHost) ?? [];
      queue.push(delivery);
      waiting.set(delivery.channelHost, queue);
      held++;
    },
    /** The next delivery that may start now for `host`, counted as sending. */
    next(host: string): ClaimedDelivery | undefined {
      const queue = waiting.get(host);
      if (queue === undefined || (sending.get(host) ?? 0) >= limitOf(host)) return undefined;
      const delivery = queue.shift();
      if (queue.length === 0) waiting.delete(host);
      if (delivery !== undefined) sending.set(host, (sending.get(host) ?? 0) + 1);
      return delivery;
    },
    /** A send ended; true when the host is down to its last round and wants a refill. */
    done(host: string): boolean {
      const left = (sending.get(host) ?? 1) - 1;
      if (left === 0) sending.delete(host);
      else sending.set(host, left);
      held--;
      return heldBy(host) <= limitOf(host);
    },
    /** What each host we hold deliveries for may still take in a claim. */
    claimLimits(): Map<string, number> {
      const limits = new Map<string, number>();
      for (const host of new Set([...sending.keys(), ...waiting.keys()])) {
        limits.set(host, 2 * limitOf(host) - heldBy(host));
      }
      return limits;
    },
    /** Removes every waiting delivery (on stop), to give them back. */
    drain(): ClaimedDelivery[] {
      const all = [...waiting.values()].flat();
      waiting.clear();
      held -= all.length;
      return all;
    },
  };
}
