import type { Kysely, Selectable } from 'kysely';
import type { EpochMs, Subscription } from '../domain/index.ts';
import type {
  NewSubscription,
  PageSubscriber,
  PageSubscriberConfirmation,
  PageSubscriberKind,
  PageSubscriberRequest,
} from './alert-store.ts';
import { subscriptionToRow, toSubscription } from './_alert-rows.ts';
import type { Database, PageSubscriberRow } from './_schema.ts';

// The own page's subscribers (migration 0009). Confirmed ones are served by an alert
// subscription, so that the ingest transaction plans their deliveries like any other; these
// queries only keep double opt-in's bookkeeping, and tie the two together in one transaction.

export async function requestSubscriber(
  db: Kysely<Database>,
  r: PageSubscriberRequest,
): Promise<PageSubscriber> {
  return db.transaction().execute(async (trx) => {
    // Housekeeping where it costs nothing extra: nobody can confirm these any more.
    await trx
      .deleteFrom('page_subscribers')
      .where('subscription_id', 'is', null)
      .where('confirm_expires_at', '<', r.now)
      .execute();
    const pending = {
      components_json: JSON.stringify(r.components),
      confirm_token_hash: r.confirmTokenHash,
      confirm_expires_at: r.confirmExpiresAt,
      requested_at: r.now,
    };
    const row = await trx
      .insertInto('page_subscribers')
      .values({
        provider_slug: r.providerSlug,
        kind: r.kind,
        address: r.address,
        contact_email: r.contactEmail,
        created_at: r.now,
        ...pending,
      })
      .onConflict((oc) =>
        oc.columns(['provider_slug', 'kind', 'address', 'contact_email']).doUpdateSet(pending),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPageSubscriber(row);
  });
}

export async function subscriberByConfirmToken(
  db: Kysely<Database>,
  hash: string,
  now: EpochMs,
): Promise<PageSubscriber | null> {
  const row = await db
    .selectFrom('page_subscribers')
    .selectAll()
    .where('confirm_token_hash', '=', hash)
    .where('confirm_expires_at', '>', now)
    .executeTakeFirst();
  return row ? toPageSubscriber(row) : null;
}

export async function confirmSubscriber(
  db: Kysely<Database>,
  c: PageSubscriberConfirmation,
): Promise<Subscription | null> {
  return db.transaction().execute(async (trx) => {
    // The link is used up first, in one statement: of two confirms at once (a mail scanner and
    // the reader), only one gets the row, so only one alert subscription is ever made for it.
    const row = await trx
      .updateTable('page_subscribers')
      .set({ confirm_token_hash: null, confirm_expires_at: null })
      .where('id', '=', c.id)
      .where('confirm_token_hash', '=', c.confirmTokenHash)
      .where('confirm_expires_at', '>', c.now)
      .returning('subscription_id')
      .executeTakeFirst();
    if (!row) return null;
    const subscription = await addOrReplace(trx, row.subscription_id, c.subscription);
    await trx
      .updateTable('page_subscribers')
      .set({
        subscription_id: subscription.id,
        unsubscribe_token_hash: c.unsubscribeTokenHash,
        confirmed_at: c.now,
      })
      .where('id', '=', c.id)
      .execute();
    return subscription;
  });
}

export async function subscriberByUnsubscribeToken(
  db: Kysely<Database>,
  hash: string,
): Promise<PageSubscriber | null> {
  const row = await db
    .selectFrom('page_subscribers')
    .selectAll()
    .where('unsubscribe_token_hash', '=', hash)
    .executeTakeFirst();
  return row ? toPageSubscriber(row) : null;
}

export async function removeSubscriber(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('page_subscribers')
      .where('id', '=', id)
      .returning('subscription_id')
      .executeTakeFirst();
    if (!row) return false;
    // Its pending deliveries go with it (on delete cascade): nothing more is sent.
    if (row.subscription_id !== null) {
      await trx.deleteFrom('alert_subscriptions').where('id', '=', row.subscription_id).execute();
    }
    return true;
  });
}

export async function listSubscribers(
  db: Kysely<Database>,
  providerSlug: string,
): Promise<PageSubscriber[]> {
  const rows = await db
    .selectFrom('page_subscribers')
    .selectAll()
    .where('provider_slug', '=', providerSlug)
    .orderBy('id')
    .execute();
  return rows.map(toPageSubscriber);
}

// --- internal ---

async function addOrReplace(
  trx: Kysely<Database>,
  existingId: number | null,
  s: NewSubscription,
): Promise<Subscription> {
  const { key, label } = s.target;
  await trx
    .insertInto('alert_channels')
    .values({ channel_key: key, label })
    .onConflict((oc) => oc.column('channel_key').doUpdateSet({ label }))
    .execute();
  const values = subscriptionToRow(s);
  if (existingId !== null) {
    const { name, spec_json, channel_key, channel_host } = values;
    const replaced = await trx
      .updateTable('alert_subscriptions')
      .set({ name, spec_json, channel_key, channel_host })
      .where('id', '=', existingId)
      .returningAll()
      .executeTakeFirst();
    if (replaced) {
      await trx
        .updateTable('alert_deliveries')
        .set({ channel_key, channel_host })
        .where('subscription_id', '=', existingId)
        .where('status', '=', 'pending')
        .execute();
      return toSubscription(replaced);
    }
  }
  const row = await trx
    .insertInto('alert_subscriptions')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSubscription(row);
}

function toPageSubscriber(row: Selectable<PageSubscriberRow>): PageSubscriber {
  return {
    id: row.id,
    providerSlug: row.provider_slug,
    kind: row.kind as PageSubscriberKind,
    address: row.address,
    contactEmail: row.contact_email,
    components: JSON.parse(row.components_json) as string[],
    subscriptionId: row.subscription_id,
    createdAt: row.created_at,
    requestedAt: row.requested_at,
    confirmedAt: row.confirmed_at,
    confirmExpiresAt: row.confirm_expires_at,
  };
}
