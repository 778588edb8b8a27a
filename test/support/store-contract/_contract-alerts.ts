import { expect, it } from 'vitest';
import type { StoredEvent, Subscription } from '../../../src/domain/index.ts';
import type { AttemptResult, DeliveryClaim } from '../../../src/storage/alert-store.ts';
import type { ContractContext } from './store-contract.ts';
import type { Store } from '../../../src/storage/store.ts';
import { draftsFor, makeNewSubscription, makeSpec, makeTarget } from '../alert-builders.ts';
import { MINUTE, T0, makeEvent, makeIngestWrite, makeProvider } from '../builders.ts';

const LEASE = 30_000;

/** Contract cases for alert subscriptions and the delivery outbox. */
export function contractAlertCases(ctx: ContractContext): void {
  subscriptionCases(ctx);
  outboxWriteCases(ctx);
  claimCases(ctx);
  attemptCases(ctx);
}

// --- internal ---

function claim(overrides: Partial<DeliveryClaim> = {}): DeliveryClaim {
  return {
    now: T0,
    limit: 100,
    owner: 'd1',
    leaseMs: LEASE,
    perHostLimit: 100,
    hostLimits: new Map(),
    ...overrides,
  };
}

/** A provider, `hosts` subscriptions (one per host) and `events` events fanned out to all. */
async function seed(store: Store, hosts: string[], events = 1) {
  await store.addProvider(makeProvider(), T0);
  const subscriptions: Subscription[] = [];
  for (const host of hosts) {
    subscriptions.push(
      await store.alerts.addSubscription(makeNewSubscription({ target: makeTarget(host) })),
    );
  }
  const incidentEvents = Array.from({ length: events }, (_, i) =>
    makeEvent({ incidentVendorId: `inc-${i}`, occurredAt: T0 - MINUTE }),
  );
  let planned: StoredEvent[] = [];
  await store.applyIngest(
    makeIngestWrite({
      events: incidentEvents,
      planDeliveries: (stored) => {
        planned = stored;
        return draftsFor(stored, subscriptions);
      },
    }),
  );
  return { subscriptions, events: planned };
}

function subscriptionCases({ store }: ContractContext): void {
  it('adds, lists, gets, replaces and removes alert subscriptions', async () => {
    const a = await store().alerts.addSubscription(makeNewSubscription());
    const spec = makeSpec({ providers: ['acme'], components: ['API'], minimumImpact: 'major' });
    const b = await store().alerts.addSubscription(
      makeNewSubscription({ spec, target: makeTarget('b.test') }),
    );
    expect(b.id).toBeGreaterThan(a.id);
    expect(await store().alerts.getSubscription(b.id)).toEqual({
      id: b.id,
      spec,
      target: makeTarget('b.test'),
      createdAt: T0,
    });
    expect((await store().alerts.listSubscriptions()).map((s) => s.id)).toEqual([a.id, b.id]);
    const channels = await store().alerts.listChannels();
    expect(channels.map((c) => [c.key, c.consecutiveFailures, c.pausedAt])).toEqual([
      [makeTarget('b.test').key, 0, null],
      [makeTarget().key, 0, null],
    ]);
    const replaced = await store().alerts.replaceSubscription(a.id, makeNewSubscription({ spec }));
    expect(replaced?.spec).toEqual(spec);
    expect(await store().alerts.replaceSubscription(9999, makeNewSubscription())).toBeNull();
    expect(await store().alerts.removeSubscription(a.id)).toBe(true);
    expect(await store().alerts.removeSubscription(a.id)).toBe(false);
    expect(await store().alerts.getSubscription(a.id)).toBeNull();
  });
}

function outboxWriteCases({ store }: ContractContext): void {
  it('writes planned deliveries with the events they announce, pending and due at once', async () => {
    const { subscriptions, events } = await seed(store(), ['a.test', 'b.test'], 2);
    expect(events.map((e) => e.kind)).toEqual(['incident_opened', 'incident_opened']);
    expect(events.every((e) => typeof e.id === 'number' && !e.imported)).toBe(true);
    const deliveries = await store().alerts.listDeliveries({ limit: 10 });
    expect(deliveries).toHaveLength(4);
    expect(deliveries[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      providerSlug: 'acme',
      eventKind: 'incident_opened',
      nextAttemptAt: T0,
      vendorPostedAt: T0 - MINUTE,
      detectedAt: T0,
      handedAt: null,
      log: [],
    });
    const first = subscriptions[0]?.id;
    const forFirst = await store().alerts.listDeliveries({
      limit: 10,
      ...(first ? { subscriptionId: first } : {}),
    });
    expect(forFirst.map((d) => d.subscriptionId)).toEqual([first, first]);
    expect(await store().alerts.countDeliveries()).toEqual({ pending: 4, delivered: 0, dead: 0 });
  });

  it('plans nothing for repeated events or imports, and a failed write leaves no delivery', async () => {
    const { subscriptions } = await seed(store(), ['a.test']);
    let calls = 0;
    const plan = (events: StoredEvent[]) => {
      calls++;
      return draftsFor(events, subscriptions);
    };
    await store().applyIngest(
      makeIngestWrite({ events: [makeEvent({ incidentVendorId: 'inc-0' })], planDeliveries: plan }),
    );
    const imported = makeEvent({ incidentVendorId: 'old' });
    await store().applyIngest(
      makeIngestWrite({ events: [imported], imported: true, planDeliveries: plan }),
    );
    expect(calls).toBe(0);
    // The last event names an unknown provider: the whole write, deliveries included, fails.
    const failing = makeIngestWrite({
      events: [makeEvent({ incidentVendorId: 'new' }), makeEvent({ providerSlug: 'ghost' })],
      planDeliveries: plan,
    });
    await expect(store().applyIngest(failing)).rejects.toThrow();
    expect(await store().alerts.countDeliveries()).toEqual({ pending: 1, delivered: 0, dead: 0 });
    // A delivery that repeats an idempotency key is ignored, not an error.
    const again = makeEvent({ incidentVendorId: 'again' });
    await store().applyIngest(
      makeIngestWrite({ events: [again], planDeliveries: (e) => [...plan(e), ...plan(e)] }),
    );
    expect((await store().alerts.countDeliveries()).pending).toBe(2);
  });

  it('removing a subscription or a provider removes their deliveries', async () => {
    const { subscriptions } = await seed(store(), ['a.test', 'b.test']);
    await store().alerts.removeSubscription(subscriptions[0]?.id ?? -1);
    expect((await store().alerts.countDeliveries()).pending).toBe(1);
    await store().removeProvider('acme');
    expect((await store().alerts.countDeliveries()).pending).toBe(0);
  });
}

function claimCases({ store }: ContractContext): void {
  it('claims due deliveries oldest first under a lease, with their event and subscription', async () => {
    const { events, subscriptions } = await seed(store(), ['a.test'], 3);
    expect(await store().alerts.claimDeliveries(claim({ now: T0 - 1 }))).toEqual([]);
    const first = await store().alerts.claimDeliveries(claim({ limit: 2 }));
    expect(first.map((d) => d.event.id)).toEqual(events.slice(0, 2).map((e) => e.id));
    expect(first[0]).toMatchObject({ attempts: 0, createdAt: T0, channelHost: 'a.test' });
    expect(first[0]?.subscription).toEqual(subscriptions[0]);
    expect(first[0]?.event).toEqual(events[0]);
    const rest = await store().alerts.claimDeliveries(claim({ owner: 'd2' }));
    expect(rest.map((d) => d.event.id)).toEqual([events[2]?.id]);
    expect(
      await store().alerts.claimDeliveries(claim({ now: T0 + LEASE - 1, owner: 'd3' })),
    ).toEqual([]);
    expect(await store().alerts.nextDueAt(T0 + 1)).toBeNull();
    const expired = await store().alerts.claimDeliveries(
      claim({ now: T0 + LEASE + 1, owner: 'd3' }),
    );
    expect(expired).toHaveLength(3);
    // Given back by their owner only, then claimable at once.
    const ids = expired.map((d) => d.id);
    const again = claim({ now: T0 + LEASE + 2, owner: 'd4' });
    await store().alerts.releaseDeliveries(ids, 'someone-else');
    expect(await store().alerts.claimDeliveries(again)).toEqual([]);
    await store().alerts.releaseDeliveries(ids, 'd3');
    expect(await store().alerts.claimDeliveries(again)).toHaveLength(3);
  });

  it('claims at most the per-host limit, less for busy hosts, none for full ones', async () => {
    await seed(store(), ['a.test', 'b.test', 'c.test'], 4);
    const taken = await store().alerts.claimDeliveries(
      claim({
        perHostLimit: 3,
        hostLimits: new Map([
          ['b.test', 1],
          ['c.test', 0],
        ]),
      }),
    );
    const perHost = (host: string) => taken.filter((d) => d.channelHost === host).length;
    expect([perHost('a.test'), perHost('b.test'), perHost('c.test')]).toEqual([3, 1, 0]);
    expect(await store().alerts.nextDueAt(T0)).toBe(T0);
  });

  it('leaves deliveries of a paused channel in the outbox until it is resumed', async () => {
    const { subscriptions } = await seed(store(), ['a.test', 'b.test'], 2);
    const paused = subscriptions[0]?.target.key ?? '';
    await failTimes(store(), paused, 2, 2);
    const channel = (await store().alerts.listChannels()).find((c) => c.key === paused);
    expect(channel?.pausedAt).toBe(T0 + 5);
    expect(channel?.consecutiveFailures).toBe(2);
    const claimed = await store().alerts.claimDeliveries(claim({ now: T0 + 10 * LEASE }));
    expect(claimed.map((d) => d.channelHost)).toEqual(['b.test', 'b.test']);
    expect(await store().alerts.resumeChannel(paused)).toBe(true);
    expect(await store().alerts.resumeChannel('nope')).toBe(false);
    const after = await store().alerts.claimDeliveries(
      claim({ now: T0 + 10 * LEASE, owner: 'd2' }),
    );
    expect(after.map((d) => d.channelHost)).toEqual(['a.test', 'a.test']);
  });

  it('hands each due delivery to exactly one of several concurrent claimers', async () => {
    await seed(store(), ['a.test', 'b.test', 'c.test', 'd.test'], 60);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store().alerts.claimDeliveries(claim({ owner: `d${i}`, limit: 40, perHostLimit: 25 })),
      ),
    );
    // Claimers that met locked rows skip them; whatever is left goes to the next claims.
    for (let round = 0; round < 10; round++) {
      claims.push(await store().alerts.claimDeliveries(claim({ owner: `r${round}`, limit: 40 })));
    }
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(240);
    expect(claims.every((c) => c.length <= 40)).toBe(true);
  });
}

function attemptCases({ store }: ContractContext): void {
  it('records attempts: delivered with its hand-over time, retried later, or dead', async () => {
    await seed(store(), ['a.test'], 3);
    const [d1, d2, d3] = await store().alerts.claimDeliveries(claim());
    const base = { channelKey: makeTarget('a.test').key, code: 200, detail: 'ok', latencyMs: 12 };
    const results: AttemptResult[] = [
      { ...base, deliveryId: d1?.id ?? -1, startedAt: T0 + 1, outcome: 'delivered' },
      { ...base, deliveryId: d2?.id ?? -1, startedAt: T0 + 2, code: 500, detail: 'boom', outcome: 'retry', nextAttemptAt: T0 + MINUTE },
      { ...base, deliveryId: d3?.id ?? -1, startedAt: T0 + 3, code: null, detail: 'timeout', outcome: 'dead' },
    ]; // prettier-ignore
    await store().alerts.recordAttempts({ owner: 'd1', now: T0 + 20, pauseAfterFailures: 5, results });
    const byId = new Map((await store().alerts.listDeliveries({ limit: 10 })).map((d) => [d.id, d]));
    expect(byId.get(d1?.id ?? -1)).toMatchObject({ status: 'delivered', attempts: 1, handedAt: T0 + 13 });
    expect(byId.get(d1?.id ?? -1)?.log).toEqual([
      expect.objectContaining({ attemptedAt: T0 + 1, result: 'delivered', responseCode: 200, latencyMs: 12 }),
    ]);
    expect(byId.get(d2?.id ?? -1)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + MINUTE, lastError: '500 boom' });
    expect(byId.get(d3?.id ?? -1)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'timeout' });
    expect(await store().alerts.nextDueAt(T0)).toBe(T0 + MINUTE);
    const retried = await store().alerts.claimDeliveries(claim({ now: T0 + MINUTE, owner: 'd2' }));
    expect(retried.map((d) => [d.id, d.attempts])).toEqual([[d2?.id, 1]]);
    expect(await store().alerts.countDeliveries()).toEqual({ pending: 1, delivered: 1, dead: 1 });
    const page = await store().alerts.listDeliveries({ limit: 1, beforeId: d3?.id ?? 0 });
    expect(page.map((d) => d.id)).toEqual([d2?.id]);
    expect((await store().alerts.listDeliveries({ limit: 9, status: 'dead' })).map((d) => d.id)).toEqual([d3?.id]);
  }); // prettier-ignore

  it('counts failures in a row per channel; a success resets the count', async () => {
    const { subscriptions } = await seed(store(), ['a.test'], 4);
    const key = subscriptions[0]?.target.key ?? '';
    const state = async () => (await store().alerts.listChannels())[0];
    await failTimes(store(), key, 2, 10);
    expect((await state())?.consecutiveFailures).toBe(2);
    expect((await state())?.lastError).toBe('500 boom');
    const [one] = await store().alerts.claimDeliveries(claim({ now: T0 + LEASE * 10, owner: 'x' }));
    const ok: AttemptResult = { deliveryId: one?.id ?? -1, channelKey: key, startedAt: T0, latencyMs: 1, code: 200, detail: null, outcome: 'delivered' };
    await store().alerts.recordAttempts({ owner: 'x', now: T0, pauseAfterFailures: 10, results: [ok] });
    expect((await state())?.consecutiveFailures).toBe(0);
    expect((await state())?.pausedAt).toBeNull();
  }); // prettier-ignore
}

/** Claims up to `count` deliveries of the channel and records a 500 for each. */
async function failTimes(
  store: Store,
  key: string,
  count: number,
  pauseAfter: number,
): Promise<void> {
  const claimed = (await store.alerts.claimDeliveries(claim({ owner: 'f', now: T0 }))).filter(
    (d) => d.channelKey === key,
  );
  const results: AttemptResult[] = claimed.slice(0, count).map((d) => ({
    deliveryId: d.id,
    channelKey: key,
    startedAt: T0,
    latencyMs: 5,
    code: 500,
    detail: 'boom',
    outcome: 'retry',
    nextAttemptAt: T0 + 1,
  }));
  await store.alerts.recordAttempts({
    owner: 'f',
    now: T0 + 5,
    pauseAfterFailures: pauseAfter,
    results,
  });
}
