import { expect, it } from 'vitest';
import type { ContractContext } from './store-contract.ts';
import type { Store } from '../../../src/storage/store.ts';
import { T0, makeIncident, makeIngestWrite, makeProvider } from '../builders.ts';

/** Contract cases for the own page's postmortem drafts (kept apart from incidents). */
export function contractDraftCases({ store }: ContractContext): void {
  it('saves, replaces and deletes a postmortem draft without touching the incident', () =>
    draftRoundTrip(store()));
}

// --- internal ---

const KEY = { providerSlug: 'acme', vendorId: 'inc-1' };

async function draftRoundTrip(s: Store): Promise<void> {
  await s.addProvider(makeProvider(), T0);
  await s.applyIngest(makeIngestWrite({ incidents: [makeIncident()] }));
  const before = await s.getIncident('acme', 'inc-1');
  expect(await s.getPostmortemDraft(KEY)).toBeNull();
  await s.savePostmortemDraft({ ...KEY, bodyHtml: '<p>One.</p>', bodyText: 'One.', draftedAt: T0 });
  await s.savePostmortemDraft({
    ...KEY,
    bodyHtml: '<p>Two.</p>',
    bodyText: 'Two.',
    draftedAt: T0 + 1,
  });
  expect(await s.getPostmortemDraft(KEY)).toEqual({
    ...KEY,
    bodyHtml: '<p>Two.</p>',
    bodyText: 'Two.',
    draftedAt: T0 + 1,
  });
  expect(await s.getIncident('acme', 'inc-1')).toEqual(before);
  expect((await s.searchIncidents('Two', { limit: 10, offset: 0 })).total).toBe(0);
  await s.deletePostmortemDraft(KEY);
  expect(await s.getPostmortemDraft(KEY)).toBeNull();
  // A draft belongs to a stored incident and goes with its provider.
  await expect(
    s.savePostmortemDraft({ ...KEY, vendorId: 'nope', bodyHtml: '', bodyText: '', draftedAt: T0 }),
  ).rejects.toThrow();
  await s.savePostmortemDraft({
    ...KEY,
    bodyHtml: '<p>Three.</p>',
    bodyText: 'Three.',
    draftedAt: T0,
  });
  await s.removeProvider('acme');
  expect(await s.getPostmortemDraft(KEY)).toBeNull();
}
