import {
  DEFAULT_ALERT_KINDS,
  type ChannelTarget,
  type StoredEvent,
  type Subscription,
  type SubscriptionSpec,
} from '../../src/domain/index.ts';
import type { DeliveryDraft, NewSubscription } from '../../src/storage/alert-store.ts';
import { T0 } from './builders.ts';

/** A webhook subscription to every provider, default kinds, on `host`. */
export function makeSpec(overrides: Partial<SubscriptionSpec> = {}): SubscriptionSpec {
  return {
    providers: 'all',
    components: [],
    groups: [],
    minimumImpact: 'none',
    events: [...DEFAULT_ALERT_KINDS],
    channel: {
      kind: 'webhook',
      url: 'https://hooks.example.test/a',
      secret: 'whsec_test_secret_0123456789',
      format: 'statuswatch-v1',
    },
    ...overrides,
  };
}

export function makeTarget(host = 'hooks.example.test', path = 'a'): ChannelTarget {
  return { key: `webhook:${host}/${path}`, host, label: `https://${host}/${path}` };
}

export function makeNewSubscription(
  overrides: { spec?: Partial<SubscriptionSpec>; target?: ChannelTarget } = {},
): NewSubscription {
  return {
    spec: makeSpec(overrides.spec),
    target: overrides.target ?? makeTarget(),
    createdAt: T0,
  };
}

/** One delivery per (event, subscription), due at `createdAt`. */
export function draftsFor(
  events: readonly StoredEvent[],
  subscriptions: readonly Subscription[],
  createdAt = T0,
): DeliveryDraft[] {
  return events.flatMap((event) =>
    subscriptions.map((s) => ({
      eventId: event.id,
      subscriptionId: s.id,
      idempotencyKey: `${event.idempotencyKey}/${s.id}`,
      channelKey: s.target.key,
      channelHost: s.target.host,
      vendorPostedAt: event.occurredAt,
      detectedAt: event.detectedAt,
      createdAt,
    })),
  );
}
