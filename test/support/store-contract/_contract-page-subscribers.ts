import { expect, it } from 'vitest';
import type { PageSubscriberRequest } from '../../../src/storage/alert-store.ts';
import type { Store } from '../../../src/storage/store.ts';
import { makeNewSubscription, makeTarget } from '../alert-builders.ts';
import { T0, makeEvent, makeIngestWrite, makeProvider } from '../builders.ts';
import { draftsFor } from '../alert-builders.ts';
import type { ContractContext } from './store-contract.ts';

/** Contract cases for the own page's subscribers (migration 0009): double opt-in bookkeeping. */
export function contractPageSubscriberCases({ store }: ContractContext): void {
  it('a page subscriber: request, confirm once, re-request keeps the subscription, remove takes its deliveries', () =>
    subscriberLifecycle(store()));
  it('a page subscriber link expires, and expired unconfirmed rows are dropped at the next request', () =>
    subscriberExpiry(store()));
  it('attempts of a delivery removed while it was sent are dropped; the rest of the batch is recorded', () =>
    removedWhileSending(store()));
  it('a link used twice at once (a mail scanner and the reader) confirms once, one subscription', () =>
    confirmedTwiceAtOnce(store()));
}

// --- internal ---

const HOUR = 3_600_000;

function request(overrides: Partial<PageSubscriberRequest> = {}): PageSubscriberRequest {
  return {
    providerSlug: 'acme',
    kind: 'email',
    address: 'ann@example.test',
    contactEmail: 'ann@example.test',
    components: ['api'],
    confirmTokenHash: 'c1',
    confirmExpiresAt: T0 + HOUR,
    now: T0,
    ...overrides,
  };
}

async function subscriberLifecycle(s: Store): Promise<void> {
  const a = s.alerts;
  const created = await a.requestPageSubscriber(request());
  expect(created).toMatchObject({ kind: 'email', components: ['api'], subscriptionId: null });
  expect(await a.pageSubscriberByConfirmToken('c1', T0 + 1)).toMatchObject({ id: created.id });
  const subscription = makeNewSubscription();
  const confirm = {
    id: created.id,
    confirmTokenHash: 'c1',
    unsubscribeTokenHash: 'u1',
    subscription,
    now: T0 + 1,
  };
  const confirmed = await a.confirmPageSubscriber(confirm);
  expect(confirmed?.spec).toEqual(subscription.spec);
  // The link works once.
  expect(await a.confirmPageSubscriber({ ...confirm, unsubscribeTokenHash: 'u2' })).toBeNull();
  expect(await a.pageSubscriberByConfirmToken('c1', T0 + 2)).toBeNull();
  expect(await a.pageSubscriberByUnsubscribeToken('u1')).toMatchObject({
    id: created.id,
    subscriptionId: confirmed?.id,
    confirmedAt: T0 + 1,
    confirmExpiresAt: null,
  });
  // A second request for the same address: same row, new pending link, subscription kept until
  // that link is used; then the same subscription is replaced, not a second one added.
  const again = await a.requestPageSubscriber(
    request({ confirmTokenHash: 'c2', components: [], now: T0 + 2 }),
  );
  expect(again).toMatchObject({ id: created.id, subscriptionId: confirmed?.id, components: [] });
  const replaced = await a.confirmPageSubscriber({
    ...confirm,
    confirmTokenHash: 'c2',
    unsubscribeTokenHash: 'u3',
    subscription: makeNewSubscription({ spec: { components: [] } }),
    now: T0 + 3,
  });
  expect(replaced?.id).toBe(confirmed?.id);
  expect(await a.listSubscriptions()).toHaveLength(1);
  expect(await a.pageSubscriberByUnsubscribeToken('u1')).toBeNull();
  // Removing takes the alert subscription and its pending deliveries with it.
  await s.addProvider(makeProvider(), T0);
  const event = makeEvent();
  const write = makeIngestWrite({ events: [event] });
  await s.applyIngest({
    ...write,
    planDeliveries: (events) => draftsFor(events, replaced === null ? [] : [replaced]),
  });
  expect((await a.countDeliveries()).pending).toBe(1);
  expect(await a.listPageSubscribers('acme')).toHaveLength(1);
  expect(await a.removePageSubscriber(created.id)).toBe(true);
  expect(await a.removePageSubscriber(created.id)).toBe(false);
  expect(await a.listSubscriptions()).toEqual([]);
  expect((await a.countDeliveries()).pending).toBe(0);
  expect(await a.listPageSubscribers('acme')).toEqual([]);
}

async function subscriberExpiry(s: Store): Promise<void> {
  const a = s.alerts;
  const old = await a.requestPageSubscriber(request());
  expect(await a.pageSubscriberByConfirmToken('c1', T0 + HOUR)).toBeNull();
  const confirm = {
    id: old.id,
    confirmTokenHash: 'c1',
    unsubscribeTokenHash: 'u1',
    subscription: makeNewSubscription(),
    now: T0 + HOUR,
  };
  expect(await a.confirmPageSubscriber(confirm)).toBeNull();
  // The same contact with another webhook URL, and another contact with the same URL, are
  // subscribers of their own.
  const hook = request({
    kind: 'webhook',
    address: 'https://h.example.test/x',
    confirmTokenHash: 'w1',
  });
  const w1 = await a.requestPageSubscriber({
    ...hook,
    now: T0 + 2 * HOUR,
    confirmExpiresAt: T0 + 3 * HOUR,
  });
  const w2 = await a.requestPageSubscriber({
    ...hook,
    contactEmail: 'bob@example.test',
    confirmTokenHash: 'w2',
    now: T0 + 2 * HOUR,
    confirmExpiresAt: T0 + 3 * HOUR,
  });
  expect(w2.id).not.toBe(w1.id);
  expect((await a.listPageSubscribers('acme')).map((p) => p.id)).toEqual([w1.id, w2.id]);
  expect(await a.listPageSubscribers('other')).toEqual([]);
}

/** An unsubscribe during a fan-out must not poison the dispatcher's batch of results. */
async function removedWhileSending(s: Store): Promise<void> {
  const a = s.alerts;
  await s.addProvider(makeProvider(), T0);
  const one = await a.addSubscription(makeNewSubscription());
  const two = await a.addSubscription(
    makeNewSubscription({ target: makeTarget('h2.example.test') }),
  );
  const write = makeIngestWrite({ events: [makeEvent()] });
  await s.applyIngest({ ...write, planDeliveries: (events) => draftsFor(events, [one, two]) });
  const claimed = await a.claimDeliveries({
    now: T0 + 1,
    limit: 10,
    owner: 'd1',
    leaseMs: 60_000,
    perHostLimit: 10,
    hostLimits: new Map(),
  });
  expect(claimed).toHaveLength(2);
  expect(await a.removeSubscription(one.id)).toBe(true);
  const results = claimed.map((c) => ({
    deliveryId: c.id,
    channelKey: c.channelKey,
    startedAt: T0 + 2,
    latencyMs: 5,
    code: 200,
    detail: null,
    outcome: 'delivered' as const,
  }));
  await a.recordAttempts({ owner: 'd1', now: T0 + 3, pauseAfterFailures: 20, results });
  expect(await a.countDeliveries()).toEqual({ pending: 0, delivered: 1, dead: 0 });
  const [record] = await a.listDeliveries({ limit: 10 });
  expect(record).toMatchObject({
    subscriptionId: two.id,
    status: 'delivered',
    log: [{ result: 'delivered' }],
  });
}

async function confirmedTwiceAtOnce(s: Store): Promise<void> {
  const a = s.alerts;
  const created = await a.requestPageSubscriber(request({ address: 'bo@example.test', contactEmail: 'bo@example.test' }));
  const before = (await a.listSubscriptions()).length;
  const confirm = (u: string) =>
    a.confirmPageSubscriber({ id: created.id, confirmTokenHash: 'c1', unsubscribeTokenHash: u, subscription: makeNewSubscription(), now: T0 + 1 });
  const results = await Promise.all([confirm('u1'), confirm('u2')]);
  expect(results.filter((r) => r !== null)).toHaveLength(1);
  expect(await a.listSubscriptions()).toHaveLength(before + 1);
} // prettier-ignore
