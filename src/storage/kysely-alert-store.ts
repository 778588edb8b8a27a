import type { Kysely } from 'kysely';
import type { EpochMs, EventKind, Subscription } from '../domain/index.ts';
import type {
  AlertStore,
  AttemptRecord,
  ChannelState,
  ClaimedDelivery,
  DeliveryRecord,
  DeliveryStatus,
  NewSubscription,
  PageSubscriber,
  PageSubscriberConfirmation,
  PageSubscriberRequest,
} from './alert-store.ts';
import {
  subscriptionToRow,
  toAttemptRecord,
  toChannelState,
  toDeliveryRecord,
  toSubscription,
} from './_alert-rows.ts';
import { claimDeliveryRows, nextDueAt, recordAttemptRows } from './_alert-queries.ts';
import { batchesOf } from './_batch.ts';
import * as subscribers from './_page-subscriber-queries.ts';
import type { DialectQueries } from './_dialect-queries.ts';
import { toStoredEvent } from './_rows.ts';
import type { Database } from './_schema.ts';

/** The AlertStore on Kysely, sharing the main store's connection (pool). */
export class KyselyAlertStore implements AlertStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queries: DialectQueries,
  ) {}

  async addSubscription(subscription: NewSubscription): Promise<Subscription> {
    return this.db.transaction().execute(async (trx) => {
      await upsertChannel(trx, subscription);
      const row = await trx
        .insertInto('alert_subscriptions')
        .values(subscriptionToRow(subscription))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSubscription(row);
    });
  }

  async replaceSubscription(
    id: number,
    subscription: NewSubscription,
  ): Promise<Subscription | null> {
    return this.db.transaction().execute(async (trx) => {
      await upsertChannel(trx, subscription);
      const { name, spec_json, channel_key, channel_host } = subscriptionToRow(subscription);
      const row = await trx
        .updateTable('alert_subscriptions')
        .set({ name, spec_json, channel_key, channel_host })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await trx
        .updateTable('alert_deliveries')
        .set({ channel_key: subscription.target.key, channel_host: subscription.target.host })
        .where('subscription_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      return toSubscription(row);
    });
  }

  async getSubscription(id: number): Promise<Subscription | null> {
    const row = await this.db
      .selectFrom('alert_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async listSubscriptions(): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('alert_subscriptions')
      .selectAll()
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  async removeSubscription(id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('alert_subscriptions')
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The own page's subscribers: queries in _page-subscriber-queries.ts.
  requestPageSubscriber(request: PageSubscriberRequest): Promise<PageSubscriber> {
    return subscribers.requestSubscriber(this.db, request);
  }

  pageSubscriberByConfirmToken(hash: string, now: EpochMs): Promise<PageSubscriber | null> {
    return subscribers.subscriberByConfirmToken(this.db, hash, now);
  }

  confirmPageSubscriber(confirmation: PageSubscriberConfirmation): Promise<Subscription | null> {
    return subscribers.confirmSubscriber(this.db, confirmation);
  }

  pageSubscriberByUnsubscribeToken(hash: string): Promise<PageSubscriber | null> {
    return subscribers.subscriberByUnsubscribeToken(this.db, hash);
  }

  removePageSubscriber(id: number): Promise<boolean> {
    return subscribers.removeSubscriber(this.db, id);
  }

  listPageSubscribers(providerSlug: string): Promise<PageSubscriber[]> {
    return subscribers.listSubscribers(this.db, providerSlug);
  }

  async listChannels(): Promise<ChannelState[]> {
    const rows = await this.db.selectFrom('alert_channels').selectAll().orderBy('label').execute();
    return rows.map(toChannelState);
  }

  async resumeChannel(key: string): Promise<boolean> {
    const result = await this.db
      .updateTable('alert_channels')
      .set({ paused_at: null, consecutive_failures: 0 })
      .where('channel_key', '=', key)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async claimDeliveries(
    claim: Parameters<AlertStore['claimDeliveries']>[0],
  ): Promise<ClaimedDelivery[]> {
    if (claim.limit <= 0) return [];
    const rows = await claimDeliveryRows(this.db, this.queries, claim);
    if (rows.length === 0) return [];
    const events = await this.eventsById(rows.map((r) => r.event_id));
    const subscriptions = await this.subscriptionsById(rows.map((r) => r.subscription_id));
    const claimed: ClaimedDelivery[] = [];
    for (const row of rows) {
      const event = events.get(row.event_id);
      const subscription = subscriptions.get(row.subscription_id);
      // Both cascade-delete their deliveries; a row seen without them was deleted meanwhile.
      if (event === undefined || subscription === undefined) continue;
      claimed.push({
        id: row.id,
        idempotencyKey: row.idempotency_key,
        attempts: row.attempts,
        createdAt: row.created_at,
        channelKey: row.channel_key,
        channelHost: row.channel_host,
        event,
        subscription,
      });
    }
    return claimed;
  }

  async releaseDeliveries(ids: readonly number[], owner: string): Promise<void> {
    for (const batch of batchesOf(ids, 1)) {
      await this.db
        .updateTable('alert_deliveries')
        .set({ lease_owner: null, lease_until: null })
        .where('id', 'in', batch)
        .where('lease_owner', '=', owner)
        .execute();
    }
  }

  async recordAttempts(batch: Parameters<AlertStore['recordAttempts']>[0]): Promise<void> {
    if (batch.results.length === 0) return;
    await this.db.transaction().execute((trx) => recordAttemptRows(trx, batch));
  }

  nextDueAt(now: number): Promise<number | null> {
    return nextDueAt(this.db, now);
  }

  async listDeliveries(
    query: Parameters<AlertStore['listDeliveries']>[0],
  ): Promise<DeliveryRecord[]> {
    let select = this.db
      .selectFrom('alert_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select(['e.kind as event_kind', 'e.provider_slug as provider_slug']);
    if (query.subscriptionId !== undefined) {
      select = select.where('d.subscription_id', '=', query.subscriptionId);
    }
    if (query.status !== undefined) select = select.where('d.status', '=', query.status);
    if (query.beforeId !== undefined) select = select.where('d.id', '<', query.beforeId);
    const rows = await select.orderBy('d.id', 'desc').limit(query.limit).execute();
    const logs = await this.attemptsOf(rows.map((r) => r.id));
    return rows.map((row) => ({
      ...toDeliveryRecord(row, row.event_kind as EventKind, row.provider_slug),
      log: logs.get(row.id) ?? [],
    }));
  }

  async countDeliveries(): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.db
      .selectFrom('alert_deliveries')
      .select((eb) => ['status', eb.fn.countAll().as('count')])
      .groupBy('status')
      .execute();
    const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const row of rows) counts[row.status as DeliveryStatus] = Number(row.count);
    return counts;
  }

  // --- internal ---

  private async eventsById(ids: readonly number[]) {
    const events = new Map<number, ReturnType<typeof toStoredEvent>>();
    for (const batch of batchesOf([...new Set(ids)], 1)) {
      const rows = await this.db
        .selectFrom('events')
        .selectAll()
        .where('id', 'in', batch)
        .execute();
      for (const row of rows) events.set(row.id, toStoredEvent(row));
    }
    return events;
  }

  private async subscriptionsById(ids: readonly number[]): Promise<Map<number, Subscription>> {
    const subscriptions = new Map<number, Subscription>();
    for (const batch of batchesOf([...new Set(ids)], 1)) {
      const rows = await this.db
        .selectFrom('alert_subscriptions')
        .selectAll()
        .where('id', 'in', batch)
        .execute();
      for (const row of rows) subscriptions.set(row.id, toSubscription(row));
    }
    return subscriptions;
  }

  private async attemptsOf(deliveryIds: readonly number[]): Promise<Map<number, AttemptRecord[]>> {
    const logs = new Map<number, AttemptRecord[]>();
    for (const batch of batchesOf(deliveryIds, 1)) {
      const rows = await this.db
        .selectFrom('alert_delivery_attempts')
        .selectAll()
        .where('delivery_id', 'in', batch)
        .orderBy('id')
        .execute();
      for (const row of rows) {
        const log = logs.get(row.delivery_id) ?? [];
        log.push(toAttemptRecord(row));
        logs.set(row.delivery_id, log);
      }
    }
    return logs;
  }
}

// --- internal ---

async function upsertChannel(db: Kysely<Database>, subscription: NewSubscription): Promise<void> {
  const { key, label } = subscription.target;
  await db
    .insertInto('alert_channels')
    .values({ channel_key: key, label })
    .onConflict((oc) => oc.column('channel_key').doUpdateSet({ label }))
    .execute();
}
