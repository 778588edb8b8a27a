import { randomBytes } from 'node:crypto';
import {
  describeError,
  type ChannelSettings,
  type EpochMs,
  type SubscriptionSpec,
} from '../../domain/index.ts';
import type { Channels } from '../../alerts/channels/index.ts';
import type { Mailer } from '../../alerts/channels/email.ts';
import { newWebhookSecret } from '../../alerts/channels/signature.ts';
import { componentIdOf, type PageConfig } from '../../config/index.ts';
import type { PageSubscriber, PageSubscriberKind } from '../../storage/alert-store.ts';
import type { Store } from '../../storage/store.ts';
import { confirmationMail } from './confirmation-mail.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { createSendQueue } from './send-queue.ts';
import { parseSubscribeRequest } from './subscribe-input.ts';
import { newToken, tokenHash } from './tokens.ts';

/**
 * The own page's subscribers: double opt-in by email, then an ordinary alert subscription to
 * the page's provider, so that the planner puts their deliveries in the outbox in the ingest
 * transaction and the dispatcher sends them durably, like every alert.
 *
 * Why an alert subscription and not a fan-out of our own: the outbox already survives a
 * `kill -9` (leases, idempotency keys), pauses a failing receiver and logs attempts; subscribers
 * get all of it for one row each. The `page_subscribers` table only keeps what opt-in needs.
 */
export interface PageSubscribersDeps {
  store: Store;
  page: PageConfig;
  /** Checks settings (the webhook address guard, an SMTP server being set) and names targets. */
  channels: Channels;
  /** Sends the confirmation mails; the outbox sends everything after. */
  mailer: Pick<Mailer, 'send'>;
  /** Confirmation mails sent at once (the SMTP pool's size); default 4. */
  mailConcurrency?: number;
  clock?: () => EpochMs;
  log?: (line: string) => void;
}

export type SubscribeOutcome =
  { ok: true } | { ok: false; limit: 'client' | 'address'; retryAfterMs: number };

/** What a confirmation link is about, shown before the reader confirms. */
export interface PendingConfirmation {
  kind: PageSubscriberKind;
  address: string;
  /** Component names; empty is every component. */
  components: string[];
}

export interface Confirmed extends PendingConfirmation {
  /** A webhook's signing secret, shown once on the confirmation page; null for email. */
  webhookSecret: string | null;
}

export interface PageSubscribers {
  readonly page: PageConfig;
  /**
   * A subscribe request: rate-limited per client and per address; then the same for any
   * address, known or not: a pending confirmation stored and one mail sent in the background
   * (so the answer's timing does not tell either). Throws `invalid_input` for a bad form.
   */
  subscribe(input: unknown, clientIp: string): Promise<SubscribeOutcome>;
  pending(token: string): Promise<PendingConfirmation | null>;
  /** Null when the link is unknown, used or expired. */
  confirm(token: string): Promise<Confirmed | null>;
  /** False when the link is unknown (already unsubscribed, or never valid). */
  unsubscribe(token: string): Promise<boolean>;
  list(): Promise<PageSubscriber[]>;
  remove(id: number): Promise<boolean>;
  /** Waits for confirmation mails still being sent. */
  settled(): Promise<void>;
}

const HOUR = 3_600_000;

/**
 * Statuspage emails incident and maintenance news; its webhooks add component updates
 * ("Webhooks are dispatched each time a component changes status", support.atlassian.com/
 * statuspage/docs/enable-webhook-notifications/). Our page does not fail as a source does.
 */
const EMAIL_EVENTS: SubscriptionSpec['events'] = [
  'opened',
  'updated',
  'resolved',
  'maintenance',
  'postmortem_published',
];
const WEBHOOK_EVENTS: SubscriptionSpec['events'] = [...EMAIL_EVENTS, 'component_changes'];

export function createPageSubscribers(deps: PageSubscribersDeps): PageSubscribers {
  const { store, page, channels, mailer } = deps;
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const limits = page.subscribers;
  const perClient: RateLimiter = createRateLimiter({
    limit: limits.perClientPerHour,
    windowMs: HOUR,
  });
  const perAddress: RateLimiter = createRateLimiter({
    limit: limits.perAddressPerHour,
    windowMs: HOUR,
  });
  const base = page.url.replace(/\/+$/, '');
  const mails = createSendQueue(deps.mailConcurrency ?? 4, 10_000);
  const names = new Map(page.components.map((c) => [componentIdOf(c), c.name]));
  const namesOf = (ids: string[]) => ids.map((id) => names.get(id) ?? id);

  return {
    page,
    async subscribe(input, clientIp) {
      const now = clock();
      const client = perClient.take(clientIp, now);
      if (!client.ok) return { ok: false, limit: 'client', retryAfterMs: client.retryAfterMs };
      const request = parseSubscribeRequest(input, page);
      const kind: PageSubscriberKind = request.webhookUrl === null ? 'email' : 'webhook';
      // Refused here, before anything is stored: a receiver the address guard refuses, or no
      // SMTP server to send the confirmation through.
      channels.validate({ kind: 'email', to: [request.email] });
      if (request.webhookUrl !== null) {
        channels.validate({ kind: 'webhook', url: request.webhookUrl, format: 'statuspage' });
      }
      const address = perAddress.take(request.email, now);
      if (!address.ok) return { ok: false, limit: 'address', retryAfterMs: address.retryAfterMs };
      const token = newToken();
      await store.alerts.requestPageSubscriber({
        providerSlug: page.slug,
        kind,
        address: request.webhookUrl ?? request.email,
        contactEmail: request.email,
        components: request.components,
        confirmTokenHash: tokenHash(token),
        confirmExpiresAt: now + limits.confirmHours * HOUR,
        now,
      });
      const mail = confirmationMail({
        pageName: page.name,
        confirmUrl: `${base}/subscribe/confirm?token=${token}`,
        components: namesOf(request.components),
        webhookUrl: request.webhookUrl,
        expiresInHours: limits.confirmHours,
      });
      const key = `confirm-${randomBytes(12).toString('hex')}`;
      const queued = mails.push(() =>
        mailer
          .send({ to: [request.email], ...mail, key })
          .then((outcome) => {
            if (!outcome.ok) log(`subscribers: confirmation mail refused: ${outcome.detail}`);
          })
          .catch((error: unknown) => {
            log(`subscribers: confirmation mail failed: ${describeError(error)}`);
          }),
      );
      if (!queued) log('subscribers: confirmation mail dropped: too many waiting');
      return { ok: true };
    },

    async pending(token) {
      const found = await store.alerts.pageSubscriberByConfirmToken(tokenHash(token), clock());
      return found === null ? null : pendingOf(found);
    },

    async confirm(token) {
      const now = clock();
      const hash = tokenHash(token);
      const found = await store.alerts.pageSubscriberByConfirmToken(hash, now);
      if (found === null) return null;
      const unsubscribeToken = await keptUnsubscribeToken(found);
      const unsubscribeUrl = `${base}/unsubscribe?token=${unsubscribeToken}`;
      const secret = found.kind === 'webhook' ? newWebhookSecret() : null;
      const channel = channelOf(found, unsubscribeUrl, secret);
      const spec: SubscriptionSpec = {
        name: `${page.name} subscriber #${found.id}`,
        providers: [page.slug],
        components: found.components,
        groups: [],
        minimumImpact: 'none',
        events: found.kind === 'webhook' ? WEBHOOK_EVENTS : EMAIL_EVENTS,
        channel,
      };
      const subscription = await store.alerts.confirmPageSubscriber({
        id: found.id,
        confirmTokenHash: hash,
        unsubscribeTokenHash: tokenHash(unsubscribeToken),
        subscription: { spec, target: channels.target(channel), createdAt: now },
        now,
      });
      if (subscription === null) return null;
      return { ...pendingOf(found), webhookSecret: secret };
    },

    async unsubscribe(token) {
      const found = await store.alerts.pageSubscriberByUnsubscribeToken(tokenHash(token));
      if (found === null) return false;
      return store.alerts.removePageSubscriber(found.id);
    },

    list: () => store.alerts.listPageSubscribers(page.slug),
    remove: (id) => store.alerts.removePageSubscriber(id),
    settled: () => mails.idle(),
  };

  function pendingOf(s: PageSubscriber): PendingConfirmation {
    return { kind: s.kind, address: s.address, components: namesOf(s.components) };
  }

  /**
   * A subscriber confirming again (new components) keeps its unsubscribe link, so that the one
   * in an older message still works. The link is in the subscription's settings in clear: the
   * dispatcher must put it in every message, from any node; it can only stop mail to that
   * address, which its owner can do anyway.
   */
  async function keptUnsubscribeToken(s: PageSubscriber): Promise<string> {
    if (s.subscriptionId === null) return newToken();
    const existing = await store.alerts.getSubscription(s.subscriptionId);
    const url =
      existing?.spec.channel.kind === 'email' || existing?.spec.channel.kind === 'webhook'
        ? existing.spec.channel.unsubscribeUrl
        : undefined;
    const kept = url === undefined ? null : new URL(url).searchParams.get('token');
    return kept ?? newToken();
  }

  function channelOf(
    s: PageSubscriber,
    unsubscribeUrl: string,
    secret: string | null,
  ): ChannelSettings {
    const checked = channels.validate(
      s.kind === 'email'
        ? { kind: 'email', to: [s.address] }
        : { kind: 'webhook', url: s.address, secret, format: 'statuspage' },
    );
    // Only these two kinds are ever asked for above; the narrowing is for the compiler.
    if (checked.kind !== 'email' && checked.kind !== 'webhook') return checked;
    return { ...checked, unsubscribeUrl };
  }
}
