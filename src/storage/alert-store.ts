import type {
  ChannelTarget,
  EpochMs,
  EventKind,
  StoredEvent,
  Subscription,
  SubscriptionSpec,
} from '../domain/index.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An outbox row planned by ingest, written in the same transaction as its event. */
export interface DeliveryDraft {
  eventId: number;
  subscriptionId: number;
  /** Unique per (event, subscription); repeats are ignored. */
  idempotencyKey: string;
  channelKey: string;
  channelHost: string;
  vendorPostedAt: EpochMs | null;
  detectedAt: EpochMs;
  /** Also the first attempt's due time. */
  createdAt: EpochMs;
}

export interface NewSubscription {
  spec: SubscriptionSpec;
  target: ChannelTarget;
  createdAt: EpochMs;
}

export interface ChannelState {
  key: string;
  label: string;
  consecutiveFailures: number;
  /** Set after N failures in a row; deliveries wait until the channel is resumed. */
  pausedAt: EpochMs | null;
  lastFailureAt: EpochMs | null;
  lastError: string | null;
}

export interface DeliveryClaim {
  now: EpochMs;
  limit: number;
  owner: string;
  leaseMs: number;
  /** Most deliveries one host gets in one claim. */
  perHostLimit: number;
  /**
   * Lower limits for hosts this dispatcher already keeps busy (0 leaves a host out), so that a
   * slow receiver's backlog waits in the outbox, not in one dispatcher's memory.
   */
  hostLimits: ReadonlyMap<string, number>;
}

/** A leased delivery with what is needed to word and send it. */
export interface ClaimedDelivery {
  id: number;
  idempotencyKey: string;
  /** Attempts made before this one. */
  attempts: number;
  createdAt: EpochMs;
  channelKey: string;
  channelHost: string;
  event: StoredEvent;
  subscription: Subscription;
}

interface AttemptBase {
  deliveryId: number;
  channelKey: string;
  startedAt: EpochMs;
  latencyMs: number;
  /** HTTP status or SMTP reply code, when the receiver answered. */
  code: number | null;
  detail: string | null;
}

/** One finished attempt and what becomes of its delivery. */
export type AttemptResult =
  | (AttemptBase & { outcome: 'delivered' })
  | (AttemptBase & { outcome: 'retry'; nextAttemptAt: EpochMs })
  | (AttemptBase & { outcome: 'dead' });

export interface AttemptBatch {
  owner: string;
  now: EpochMs;
  /** A channel failing this many times in a row is paused. */
  pauseAfterFailures: number;
  /** In the order the attempts finished: that order decides "in a row". */
  results: readonly AttemptResult[];
}

export interface AttemptRecord {
  id: number;
  deliveryId: number;
  attemptedAt: EpochMs;
  result: 'delivered' | 'failed' | 'dead';
  responseCode: number | null;
  detail: string | null;
  latencyMs: number;
}

export interface DeliveryRecord {
  id: number;
  eventId: number;
  eventKind: EventKind;
  providerSlug: string;
  subscriptionId: number;
  idempotencyKey: string;
  channelKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: EpochMs;
  createdAt: EpochMs;
  vendorPostedAt: EpochMs | null;
  detectedAt: EpochMs;
  /** When the receiver took it. */
  handedAt: EpochMs | null;
  lastError: string | null;
  /** Oldest first. */
  log: AttemptRecord[];
}

export interface DeliveryQuery {
  subscriptionId?: number;
  status?: DeliveryStatus;
  /** Newest first, ids below this one. */
  beforeId?: number;
  limit: number;
}

export const PAGE_SUBSCRIBER_KINDS = ['email', 'webhook'] as const;
export type PageSubscriberKind = (typeof PAGE_SUBSCRIBER_KINDS)[number];

/**
 * A subscriber of the own page (migration 0009), confirmed or not. Once confirmed it is served
 * by the alert subscription `subscriptionId`; the row keeps what double opt-in needs.
 */
export interface PageSubscriber {
  id: number;
  providerSlug: string;
  kind: PageSubscriberKind;
  /** The email address, or the webhook URL. */
  address: string;
  /** Where confirmations go: the address itself, or a webhook's contact. */
  contactEmail: string;
  /** Component ids asked for at the last request; empty is every component. */
  components: string[];
  subscriptionId: number | null;
  createdAt: EpochMs;
  requestedAt: EpochMs;
  confirmedAt: EpochMs | null;
  /** When the pending confirmation link stops working; null when none is pending. */
  confirmExpiresAt: EpochMs | null;
}

/** A subscribe request: creates the subscriber or gives it a new confirmation link. */
export interface PageSubscriberRequest {
  providerSlug: string;
  kind: PageSubscriberKind;
  address: string;
  contactEmail: string;
  components: string[];
  /** SHA-256 hex of the link's token: the token itself is never stored. */
  confirmTokenHash: string;
  confirmExpiresAt: EpochMs;
  now: EpochMs;
}

export interface PageSubscriberConfirmation {
  id: number;
  /** Must still be the pending one: a link used twice, or replaced, confirms nothing. */
  confirmTokenHash: string;
  unsubscribeTokenHash: string;
  /** Added, or replacing the subscriber's existing one (its pending deliveries follow). */
  subscription: NewSubscription;
  now: EpochMs;
}

/** Alert subscriptions and the outbox; both databases, one contract (test/support/store-contract/). */
export interface AlertStore {
  addSubscription(subscription: NewSubscription): Promise<Subscription>;
  /** Pending deliveries follow the new channel. Null when there is no such subscription. */
  replaceSubscription(id: number, subscription: NewSubscription): Promise<Subscription | null>;
  getSubscription(id: number): Promise<Subscription | null>;
  listSubscriptions(): Promise<Subscription[]>;
  /** Removes it with its deliveries and their log. */
  removeSubscription(id: number): Promise<boolean>;

  listChannels(): Promise<ChannelState[]>;
  /** Unpauses and forgets the failures. False when the channel is unknown. */
  resumeChannel(key: string): Promise<boolean>;

  /**
   * Leases due pending deliveries of unpaused channels, oldest due first, so that several
   * dispatchers share the outbox (PostgreSQL: `for update skip locked`).
   */
  claimDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]>;
  /** Gives back leased deliveries that were not tried (a dispatcher stopping). */
  releaseDeliveries(ids: readonly number[], owner: string): Promise<void>;
  /** Logs the attempts and moves each delivery on, in one transaction. */
  recordAttempts(batch: AttemptBatch): Promise<void>;
  /** The earliest time a pending, unleased delivery of an unpaused channel falls due. */
  nextDueAt(now: EpochMs): Promise<EpochMs | null>;

  listDeliveries(query: DeliveryQuery): Promise<DeliveryRecord[]>;
  countDeliveries(): Promise<Record<DeliveryStatus, number>>;

  /**
   * The own page's subscribers (double opt-in). A request upserts by (page, kind, address,
   * contact) with a new pending confirmation, and drops never-confirmed rows whose link expired.
   */
  requestPageSubscriber(request: PageSubscriberRequest): Promise<PageSubscriber>;
  /** The subscriber whose pending link has this token hash, unless it expired by `now`. */
  pageSubscriberByConfirmToken(hash: string, now: EpochMs): Promise<PageSubscriber | null>;
  /**
   * In one transaction: adds (or replaces) its alert subscription, clears the pending link and
   * sets the unsubscribe token. Null when the link is no longer the pending one.
   */
  confirmPageSubscriber(confirmation: PageSubscriberConfirmation): Promise<Subscription | null>;
  pageSubscriberByUnsubscribeToken(hash: string): Promise<PageSubscriber | null>;
  /** Removes the subscriber with its alert subscription (pending deliveries included). */
  removePageSubscriber(id: number): Promise<boolean>;
  /** Oldest first. */
  listPageSubscribers(providerSlug: string): Promise<PageSubscriber[]>;
}
