import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../../../src/domain/index.ts';
import type { Store } from '../../../src/storage/store.ts';
import { contractAlertCases } from './_contract-alerts.ts';
import { contractCompanionCases } from './_contract-companion.ts';
import { contractAnalysisCases } from './_contract-analysis.ts';
import { contractComponentChangeCases } from './_contract-component-changes.ts';
import { contractDraftCases } from './_contract-drafts.ts';
import { contractPageDraftCases } from './_contract-page-drafts.ts';
import { contractPageSubscriberCases } from './_contract-page-subscribers.ts';
import { contractQueryCases } from './_contract-queries.ts';
import {
  MINUTE,
  T0,
  makeComponent,
  makeCompanion,
  makeEvent,
  makeIncident,
  makeIngestWrite,
  makeProvider,
  makeSourceState,
  makeUpdate,
} from '../builders.ts';

export interface ContractContext {
  store: () => Store;
}

/**
 * The behaviour every Store must have. Each case gets a fresh, empty store from `open` and
 * closes it afterwards. The describe name is counted per database by test/summary-reporter.ts.
 */
export function storeContract(name: 'sqlite' | 'postgres', open: () => Promise<Store>): void {
  describe(`store contract [${name}]`, () => {
    let current: Store | null = null;
    const ctx: ContractContext = {
      store: () => {
        if (!current) throw new Error('store not open');
        return current;
      },
    };
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });

    it('reports its dialect', () => {
      expect(ctx.store().dialect).toBe(name);
    });
    providerCases(ctx);
    ingestCases(ctx);
    contractQueryCases(ctx);
    contractAlertCases(ctx);
    contractCompanionCases(ctx);
    contractAnalysisCases(ctx);
    contractComponentChangeCases(ctx);
    contractDraftCases(ctx);
    contractPageDraftCases(ctx);
    contractPageSubscriberCases(ctx);
  });
}

// --- internal ---

function providerCases({ store }: ContractContext): void {
  it('adds, gets and lists providers, due at once and healthy', async () => {
    await store().addProvider(makeProvider(), T0);
    await store().addProvider(makeProvider({ slug: 'beta', format: 'statuspage-feed' }), T0 + 1);
    expect(await store().getProvider('acme')).toEqual({
      provider: makeProvider(),
      status: 'unknown',
      source: makeSourceState({
        nextPollAt: T0,
        health: { ...makeSourceState().health, lastSuccessAt: null },
      }),
      // A summary.json source gets its history companion, due with the first poll.
      companion: makeCompanion({ nextPollAt: T0 }),
      followUps: [],
    });
    expect((await store().getProvider('beta'))?.companion).toBeNull();
    expect((await store().listProviders()).map((r) => r.provider.slug)).toEqual(['acme', 'beta']);
    expect(await store().getProvider('nope')).toBeNull();
  });

  it('refuses a duplicate slug with a conflict and changes nothing', async () => {
    await store().addProvider(makeProvider(), T0);
    const again = store().addProvider(makeProvider({ name: 'Other' }), T0 + MINUTE);
    await expect(again).rejects.toSatisfy((e) => isStatuswatchError(e, 'conflict'));
    const records = await store().listProviders();
    expect(records).toHaveLength(1);
    expect(records[0]?.provider.name).toBe('Acme Cloud');
    expect(records[0]?.source.nextPollAt).toBe(T0);
  });

  it('removing a provider removes its components, incidents, updates and events', async () => {
    for (const slug of ['acme', 'beta']) {
      await store().addProvider(makeProvider({ slug }), T0);
      await store().applyIngest(
        makeIngestWrite({
          providerSlug: slug,
          components: [makeComponent()],
          incidents: [makeIncident({ providerSlug: slug })],
          events: [makeEvent({ providerSlug: slug })],
        }),
      );
    }
    expect(await store().removeProvider('acme')).toBe(true);
    expect(await store().removeProvider('acme')).toBe(false);
    expect(await store().getProvider('acme')).toBeNull();
    expect((await store().listIncidents({})).map((i) => i.providerSlug)).toEqual(['beta']);
    expect((await store().listEvents(0, 10)).map((e) => e.providerSlug)).toEqual(['beta']);
    // Re-added under the same slug, nothing of the old provider may show through.
    await store().addProvider(makeProvider(), T0);
    const state = await store().loadProviderState('acme', ['inc-1']);
    expect(state.components).toBeNull();
    expect(state.incidents).toEqual([]);
    await store().applyIngest(makeIngestWrite({ incidents: [makeIncident({ updates: [] })] }));
    expect((await store().getIncident('acme', 'inc-1'))?.updates).toEqual([]);
  });

  it('fails with not_found when loading or writing an unknown provider', async () => {
    await expect(store().loadProviderState('nope', [])).rejects.toSatisfy((e) =>
      isStatuswatchError(e, 'not_found'),
    );
    await expect(store().applyIngest(makeIngestWrite({ providerSlug: 'nope' }))).rejects.toSatisfy(
      (e) => isStatuswatchError(e, 'not_found'),
    );
  });
}

function ingestCases({ store }: ContractContext): void {
  it('upserts incidents with their updates kept oldest first', async () => {
    await store().addProvider(makeProvider(), T0);
    const first = makeIncident({
      components: [
        { vendorId: 'cmp-api', name: 'API', oldStatus: null, newStatus: 'major_outage' },
      ],
      updates: [
        makeUpdate({ vendorId: 'u3', createdAt: T0 }),
        makeUpdate({ vendorId: 'u1', status: 'identified', createdAt: T0 + MINUTE }),
        makeUpdate({ vendorId: 'u2', label: 'Update', createdAt: T0 + 2 * MINUTE }),
      ],
    });
    await store().applyIngest(makeIngestWrite({ incidents: [first] }));
    expect(await store().getIncident('acme', 'inc-1')).toEqual(first);
    const second = makeIncident({
      title: 'API errors',
      previousTitles: ['Elevated error rates'],
      status: 'resolved',
      resolvedAt: T0 + 3 * MINUTE,
      lastChangedAt: T0 + 3 * MINUTE,
      postmortem: { bodyHtml: '<p>Root cause</p>', bodyText: 'Root cause', publishedAt: null },
      updates: [
        makeUpdate({ vendorId: 'u3' }),
        makeUpdate({ vendorId: 'u2', bodyText: 'Fix deployed', bodyHtml: '<p>Fix deployed</p>' }),
        makeUpdate({ vendorId: 'u9', status: 'resolved', affectedComponents: first.components }),
      ],
    });
    await store().applyIngest(makeIngestWrite({ incidents: [second] }));
    expect(await store().getIncident('acme', 'inc-1')).toEqual(second);
  });

  it('keeps the last record when one write names an incident or event key twice', async () => {
    await store().addProvider(makeProvider(), T0);
    const ids = await store().applyIngest(
      makeIngestWrite({
        incidents: [makeIncident({ title: 'First' }), makeIncident({ title: 'Second' })],
        events: [makeEvent(), makeEvent()],
      }),
    );
    expect(ids).toHaveLength(1);
    expect((await store().getIncident('acme', 'inc-1'))?.title).toBe('Second');
  });

  it('replaces components when given and keeps them when null', async () => {
    await store().addProvider(makeProvider(), T0);
    expect((await store().loadProviderState('acme', [])).components).toBeNull();
    const api = makeComponent();
    const web = makeComponent({ vendorId: 'cmp-web', name: 'Web', groupName: 'Edge', position: 1 });
    const components = async () => (await store().loadProviderState('acme', [])).components;
    await store().applyIngest(makeIngestWrite({ components: [api, web] }));
    expect(await components()).toEqual([api, web]);
    await store().applyIngest(makeIngestWrite({ components: null }));
    expect(await components()).toEqual([api, web]);
    const degraded = { ...web, status: 'degraded_performance' as const, position: 0 };
    await store().applyIngest(makeIngestWrite({ components: [degraded] }));
    expect(await components()).toEqual([degraded]);
    await store().applyIngest(makeIngestWrite({ components: [] }));
    expect(await components()).toEqual([]);
  });

  it('inserts each event once per idempotency key', async () => {
    await store().addProvider(makeProvider(), T0);
    const e1 = makeEvent();
    const e2 = makeEvent({ incidentVendorId: 'inc-2' });
    const write = makeIngestWrite({ events: [e1, e2] });
    const ids = await store().applyIngest(write);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeLessThan(ids[1] ?? 0);
    expect(await store().applyIngest(write)).toEqual([]);
    const e3 = makeEvent({ incidentVendorId: 'inc-3' });
    const more = await store().applyIngest(makeIngestWrite({ events: [e2, e3] }));
    expect(more).toHaveLength(1);
    expect(more[0]).toBeGreaterThan(ids[1] ?? Infinity);
    const stored = await store().listEvents(0, 10);
    expect(stored).toEqual([
      { ...e1, id: ids[0], imported: false },
      { ...e2, id: ids[1], imported: false },
      { ...e3, id: more[0], imported: false },
    ]);
  });

  it('applies a write atomically: a failure midway stores nothing of it', async () => {
    await store().addProvider(makeProvider(), T0);
    const before = makeIngestWrite({
      components: [makeComponent()],
      incidents: [makeIncident({ title: 'Old' })],
      events: [makeEvent()],
    });
    await store().applyIngest(before);
    // The last event names a provider that does not exist: its foreign key fails last.
    const failing = makeIngestWrite({
      components: [makeComponent({ vendorId: 'cmp-new' })],
      incidents: [makeIncident({ title: 'New' }), makeIncident({ vendorId: 'inc-2' })],
      events: [makeEvent({ incidentVendorId: 'inc-2' }), makeEvent({ providerSlug: 'ghost' })],
      status: 'major_outage',
      source: makeSourceState({ etag: '"v2"', nextPollAt: T0 + 99 * MINUTE }),
    });
    await expect(store().applyIngest(failing)).rejects.toThrow();
    // Two updates with one vendor id break the primary key in the middle of the write.
    const duplicate = makeIncident({ vendorId: 'inc-3', updates: [makeUpdate(), makeUpdate()] });
    await expect(
      store().applyIngest(
        makeIngestWrite({
          incidents: [duplicate],
          events: [makeEvent({ incidentVendorId: 'inc-3' })],
        }),
      ),
    ).rejects.toThrow();
    const state = await store().loadProviderState('acme', ['inc-1', 'inc-2', 'inc-3']);
    expect(state.components).toEqual(before.components);
    expect(state.incidents).toEqual(before.incidents);
    expect(state.status).toBe(before.status);
    expect(state.source).toEqual(before.source);
    expect((await store().listEvents(0, 10)).map((e) => e.idempotencyKey)).toEqual(
      before.events.map((e) => e.idempotencyKey),
    );
  });

  it('loads the requested incidents plus every open one', async () => {
    await store().addProvider(makeProvider(), T0);
    await store().addProvider(makeProvider({ slug: 'beta' }), T0);
    const open = (vendorId: string, status: 'investigating' | 'scheduled' | 'monitoring') =>
      makeIncident({ vendorId, status, kind: status === 'scheduled' ? 'maintenance' : 'incident' });
    const closed = (vendorId: string, status: 'resolved' | 'postmortem' | 'completed') =>
      makeIncident({ vendorId, status, resolvedAt: T0 + MINUTE });
    const incidents = [
      open('open-a', 'investigating'),
      open('open-b', 'monitoring'),
      open('maint-next', 'scheduled'),
      closed('resolved-a', 'resolved'),
      closed('resolved-b', 'resolved'),
      closed('pm', 'postmortem'),
      closed('maint-done', 'completed'),
    ];
    await store().applyIngest(makeIngestWrite({ incidents }));
    await store().applyIngest(
      makeIngestWrite({
        providerSlug: 'beta',
        incidents: [makeIncident({ providerSlug: 'beta', vendorId: 'beta-open' })],
      }),
    );
    const state = await store().loadProviderState('acme', ['resolved-b', 'no-such-incident']);
    const loaded = [...state.incidents].sort((a, b) => a.vendorId.localeCompare(b.vendorId));
    expect(loaded.map((i) => i.vendorId)).toEqual(['maint-next', 'open-a', 'open-b', 'resolved-b']);
    expect(loaded[3]).toEqual(incidents[4]);
  });

  it('says neverIngested until a write stores snapshot content', async () => {
    await store().addProvider(makeProvider(), T0);
    expect((await store().loadProviderState('acme', [])).neverIngested).toBe(true);
    // What the poller writes for a failed poll: health and an event, no snapshot.
    const failure = makeEvent({ incidentVendorId: 'x' });
    await store().applyIngest(makeIngestWrite({ events: [failure] }));
    expect((await store().loadProviderState('acme', [])).neverIngested).toBe(true);
    await store().applyIngest(makeIngestWrite({ incidents: [makeIncident()] }));
    expect((await store().loadProviderState('acme', [])).neverIngested).toBe(false);
    await store().addProvider(makeProvider({ slug: 'beta' }), T0);
    await store().applyIngest(makeIngestWrite({ providerSlug: 'beta', components: [] }));
    expect((await store().loadProviderState('beta', [])).neverIngested).toBe(false);
  });
}
