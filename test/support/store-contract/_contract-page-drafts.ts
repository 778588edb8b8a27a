import { expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/domain/index.ts';
import type { NewPageIncidentDraft, PageDraftChange, Store } from '../../../src/storage/store.ts';
import { MINUTE, T0, makeEvent, makeIncident, makeIngestWrite, makeProvider } from '../builders.ts';
import type { ContractContext } from './store-contract.ts';

/**
 * Contract cases for the own page's incident drafts raised by vendor incidents (0010): raised
 * in the ingest write's transaction from the events it inserted, once per (page, vendor
 * incident); a proposed resolution; compare-and-set state moves.
 */
export function contractPageDraftCases({ store }: ContractContext): void {
  it('raises a page draft once per vendor incident, from inserted events only', () =>
    raisesOnce(store()));
  it('proposes a resolution once, withdraws it, and moves a draft by compare-and-set', () =>
    proposesAndMoves(store()));
}

// --- internal ---

const VENDOR = { providerSlug: 'acme', vendorId: 'inc-1' };

const DRAFT: NewPageIncidentDraft = {
  pageSlug: 'status',
  vendor: VENDOR,
  vendorName: 'Acme',
  vendorTitle: 'Elevated error rates',
  vendorUrl: 'https://status.acme.test/incidents/inc-1',
  title: 'Delays in CI: our provider Acme reports degraded API',
  body: 'Our provider Acme reports "Elevated error rates".',
  impact: 'minor',
  components: { ci: 'degraded_performance' },
  autoPublish: false,
  raisedAt: T0,
};

const raise = (overrides: Partial<NewPageIncidentDraft> = {}): PageDraftChange => ({
  kind: 'raise',
  draft: { ...DRAFT, ...overrides },
});

async function raisesOnce(s: Store): Promise<void> {
  await s.addProvider(makeProvider(), T0);
  const seen: StoredEvent[][] = [];
  const plan = (changes: PageDraftChange[]) => (events: StoredEvent[]) => {
    seen.push(events);
    return changes;
  };
  // Imported writes never raise; the plan is not even asked.
  await s.applyIngest(
    makeIngestWrite({ incidents: [makeIncident()], events: [makeEvent({ idempotencyKey: 'imported' })], imported: true, planPageDrafts: plan([raise()]) }),
  ); // prettier-ignore
  expect(await s.listPageDrafts('status')).toEqual([]);
  const write = makeIngestWrite({
    incidents: [makeIncident()],
    events: [makeEvent()],
    // Twice in one plan, and again for another page: one row per (page, vendor incident).
    planPageDrafts: plan([raise(), raise({ title: 'again' }), raise({ pageSlug: 'other' })]),
  });
  await s.applyIngest(write);
  // The same event again (a restart, another node): nothing inserted, the plan is not asked.
  await s.applyIngest(write);
  // A later event re-raises: the first draft stands.
  await s.applyIngest({
    ...write,
    events: [makeEvent({ kind: 'incident_opened', idempotencyKey: 'later', detectedAt: T0 + MINUTE })],
    planPageDrafts: plan([raise({ title: 'later', raisedAt: T0 + MINUTE })]),
  }); // prettier-ignore
  expect(seen.map((events) => events.map((e) => e.idempotencyKey))).toEqual([
    ['acme:incident_opened:inc-1'],
    ['later'],
  ]);
  const drafts = await s.listPageDrafts('status');
  expect(drafts).toEqual([
    {
      ...DRAFT,
      id: expect.any(Number) as number,
      state: 'draft',
      incidentCode: null,
      publishedAt: null,
      resolution: null,
      closedAt: null,
    },
  ]);
  expect(await s.getPageDraft(drafts[0]?.id ?? 0)).toEqual(drafts[0]);
  expect(await s.getPageDraft(999_999)).toBeNull();
  // The refused repeats burnt no id: the next vendor incident's draft is numbered after the
  // two raised so far (operators type these ids).
  const second = { providerSlug: 'acme', vendorId: 'inc-2' };
  await s.applyIngest({
    ...write,
    incidents: [makeIncident({ vendorId: 'inc-2' })],
    events: [makeEvent({ incidentVendorId: 'inc-2' })],
    planPageDrafts: plan([raise({ vendor: second })]),
  });
  const ids = (await s.listPageDrafts('status')).map((d) => d.id);
  const otherId = (await s.listPageDrafts('other'))[0]?.id ?? 0;
  expect(ids).toEqual([Math.max(drafts[0]?.id ?? 0, otherId) + 1, drafts[0]?.id]);
  expect((await s.listPageDrafts('other')).map((d) => d.pageSlug)).toEqual(['other']);
  // A draft goes with the vendor history that raised it.
  await s.removeProvider('acme');
  expect(await s.listPageDrafts('status')).toEqual([]);
}

async function proposesAndMoves(s: Store): Promise<void> {
  await s.addProvider(makeProvider(), T0);
  const base = makeIngestWrite({ incidents: [makeIncident()] });
  const step = (key: string, changes: PageDraftChange[]) =>
    s.applyIngest({ ...base, events: [makeEvent({ idempotencyKey: key })], planPageDrafts: () => changes }); // prettier-ignore
  await step('raise', [raise(), raise({ pageSlug: 'other' })]);
  const [draft] = await s.listPageDrafts('status');
  const id = draft?.id ?? 0;
  const propose = (at: number, body: string): PageDraftChange => ({ kind: 'propose_resolution', vendor: VENDOR, proposedAt: at, body }); // prettier-ignore
  await step('resolved', [propose(T0 + 10 * MINUTE, 'Resolved.')]);
  await step('resolved again', [propose(T0 + 20 * MINUTE, 'Later words.')]);
  expect((await s.getPageDraft(id))?.resolution).toEqual({ proposedAt: T0 + 10 * MINUTE, body: 'Resolved.' }); // prettier-ignore
  await step('reopened', [{ kind: 'withdraw_resolution', vendor: VENDOR }]);
  expect((await s.getPageDraft(id))?.resolution).toBeNull();

  expect(await s.movePageDraft(id, 'published', { state: 'closed', at: T0 })).toBe(false);
  const publish = { state: 'published', incidentCode: 'abcdefghijkl', at: T0 + MINUTE } as const;
  expect(await s.movePageDraft(id, 'draft', publish)).toBe(true);
  expect(await s.movePageDraft(id, 'draft', publish)).toBe(false);
  expect(await s.getPageDraft(id)).toMatchObject({ state: 'published', incidentCode: 'abcdefghijkl', publishedAt: T0 + MINUTE, closedAt: null }); // prettier-ignore
  await step('resolved at last', [propose(T0 + 30 * MINUTE, 'Resolved.')]);
  expect(await s.movePageDraft(id, 'published', { state: 'closed', at: T0 + 40 * MINUTE })).toBe(true); // prettier-ignore
  // A withdrawal leaves a closed draft's proposal; the other page's draft, still open, loses it.
  await step('withdrawn late', [{ kind: 'withdraw_resolution', vendor: VENDOR }]);
  expect(await s.getPageDraft(id)).toMatchObject({ state: 'closed', closedAt: T0 + 40 * MINUTE, resolution: { proposedAt: T0 + 30 * MINUTE } }); // prettier-ignore
  const [other] = await s.listPageDrafts('other');
  expect(other?.resolution).toBeNull();
  expect(await s.movePageDraft(other?.id ?? 0, 'draft', { state: 'discarded', at: T0 })).toBe(true); // prettier-ignore
  expect((await s.getPageDraft(other?.id ?? 0))?.state).toBe('discarded');
}
