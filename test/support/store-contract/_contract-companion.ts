import { expect, it } from 'vitest';
import type { ContractContext } from './store-contract.ts';
import {
  MINUTE,
  T0,
  makeCompanion,
  makeIngestWrite,
  makeProvider,
  makeSourceState,
} from '../builders.ts';

const LEASE = 30_000;

/** Contract cases for the history companion, the follow-up list and leases held across steps. */
export function contractCompanionCases({ store }: ContractContext): void {
  it('stores the companion state and the follow-up list written with an ingest', async () => {
    await store().addProvider(makeProvider(), T0);
    const companion = makeCompanion({
      etag: '"c1"',
      lastModified: 'Tue, 01 Aug 2023 10:00:00 GMT',
      nextPollAt: T0 + 10 * MINUTE,
      lastSuccessAt: T0,
    });
    const followUps = [
      { incidentVendorId: 'inc-1', since: T0, attempts: 2, nextAttemptAt: T0 + MINUTE },
    ];
    await store().applyIngest(makeIngestWrite({ companion, followUps }));
    const record = await store().getProvider('acme');
    expect(record?.companion).toEqual(companion);
    expect(record?.followUps).toEqual(followUps);
    // A write that does not carry them leaves them as they are.
    await store().applyIngest(makeIngestWrite());
    expect((await store().getProvider('acme'))?.followUps).toEqual(followUps);
  });

  it("records a companion's 304 or failure alone, leaving the fast source as it was", async () => {
    await store().addProvider(makeProvider(), T0);
    const before = await store().getProvider('acme');
    const failing = makeCompanion({ consecutiveFailures: 3, lastErrorKind: 'timeout' });
    await store().recordCompanionState('acme', failing);
    const after = await store().getProvider('acme');
    expect(after?.companion).toEqual(failing);
    expect(after?.source).toEqual(before?.source);
  });

  it('keeps the lease across the steps of one poll and frees it at the end', async () => {
    await store().addProvider(makeProvider(), T0);
    expect(await store().claimDueSources(T0, 1, 'one', LEASE)).toHaveLength(1);
    // A step that keeps the lease: due again at once, but nobody else may claim it.
    await store().applyIngest(
      makeIngestWrite({ keepLease: true, source: makeSourceState({ nextPollAt: T0 }) }),
    );
    expect(await store().claimDueSources(T0 + 1, 1, 'two', LEASE)).toHaveLength(0);
    await store().releaseLease('acme');
    expect(await store().claimDueSources(T0 + 1, 1, 'two', LEASE)).toHaveLength(1);
  });
}
