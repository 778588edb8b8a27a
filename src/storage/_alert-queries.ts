import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { StoredEvent } from '../domain/index.ts';
import type { AttemptBatch, AttemptResult, DeliveryClaim, DeliveryDraft } from './alert-store.ts';
import type { AlertDeliveryRow } from './_alert-schema.ts';
import type { DialectQueries } from './_dialect-queries.ts';
import { batchesOf, groupBy } from './_batch.ts';
import { toStoredEvent } from './_rows.ts';
import type { Database } from './_schema.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const SCAN_WINDOW = 200;

/**
 * Paused channels are few: both databases compute this list once per statement (a hashed
 * subplan), where a correlated `not exists` would probe it once per pending delivery.
 */
const PAUSED_KEYS = sql`select channel_key from alert_channels where paused_at is not null`;

/**
 * Inside `applyIngest`'s transaction: reads back the events just inserted and writes the
 * deliveries the planner picks for them, so an event and its deliveries commit together.
 */
export async function insertPlannedDeliveries(
  trx: Trx,
  queries: DialectQueries,
  eventIds: readonly number[],
  plan: (events: StoredEvent[]) => DeliveryDraft[],
): Promise<void> {
  const events: StoredEvent[] = [];
  for (const ids of batchesOf(eventIds, 1)) {
    const rows = await trx.selectFrom('events').selectAll().where('id', 'in', ids).execute();
    events.push(...rows.map(toStoredEvent));
  }
  events.sort((a, b) => a.id - b.id);
  await queries.insertDeliveries(trx, plan(events));
}

/**
 * One statement leases the rows: the oldest due first, at most `hostLimits` (else
 * `perHostLimit`) per host. On PostgreSQL the rows are locked `skip locked`, so concurrent
 * dispatchers each take different rows; SQLite has one writer at a time, so the statement is
 * atomic as it is. The per-host ranking only looks at the `SCAN_WINDOW` oldest due rows.
 */
export async function claimDeliveryRows(
  db: Db,
  queries: DialectQueries,
  claim: DeliveryClaim,
): Promise<Selectable<AlertDeliveryRow>[]> {
  const { now, limit, owner, leaseMs } = claim;
  const full = [...claim.hostLimits].filter(([, n]) => n <= 0).map(([host]) => host);
  const partial = [...claim.hostLimits].filter(([, n]) => n > 0);
  const skipFull =
    full.length === 0
      ? sql``
      : sql`and d.channel_host not in (${sql.join(full.map((h) => sql`${h}`))})`;
  const cap =
    partial.length === 0
      ? sql`cast(${claim.perHostLimit} as integer)`
      : sql`case channel_host ${sql.join(
          partial.map(([h, n]) => sql`when ${h} then cast(${n} as integer)`),
          sql` `,
        )} else cast(${claim.perHostLimit} as integer) end`;
  const free = sql`status = 'pending' and (lease_until is null or lease_until < ${now})`;
  const result = await sql<Selectable<AlertDeliveryRow>>`
    with due as (
      select d.id, d.next_attempt_at, d.channel_host from alert_deliveries d
      where d.status = 'pending' and d.next_attempt_at <= ${now}
        and (d.lease_until is null or d.lease_until < ${now})
        ${skipFull}
        and d.channel_key not in (${PAUSED_KEYS})
      order by d.next_attempt_at, d.id
      limit ${Math.max(SCAN_WINDOW, limit * 4)}
    ), ranked as (
      select id, next_attempt_at, channel_host,
        row_number() over (partition by channel_host order by next_attempt_at, id) as rank
      from due
    ), picked as (
      select id from ranked where rank <= ${cap}
      order by next_attempt_at, id
      limit ${limit}
    ), locked as (
      select id from alert_deliveries where id in (select id from picked) and ${free}
      ${queries.claimRowLock}
    )
    update alert_deliveries set lease_owner = ${owner}, lease_until = ${now + leaseMs}
    where id in (select id from locked)
    returning *`.execute(db);
  return [...result.rows].sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id);
}

export async function nextDueAt(db: Db, now: number): Promise<number | null> {
  const result = await sql<{ next_attempt_at: number }>`
    select d.next_attempt_at from alert_deliveries d
    where d.status = 'pending' and (d.lease_until is null or d.lease_until < ${now})
      and d.channel_key not in (${PAUSED_KEYS})
    order by d.next_attempt_at
    limit 1`.execute(db);
  return result.rows[0]?.next_attempt_at ?? null;
}

/** Logs each attempt, moves its delivery on, then counts failures per channel. */
export async function recordAttemptRows(trx: Trx, batch: AttemptBatch): Promise<void> {
  batch = { ...batch, results: await stillOutstanding(trx, batch.results) };
  if (batch.results.length === 0) return;
  const attempts = batch.results.map((r) => ({
    delivery_id: r.deliveryId,
    attempted_at: r.startedAt,
    result: r.outcome === 'retry' ? 'failed' : r.outcome,
    response_code: r.code,
    detail: r.detail,
    latency_ms: Math.round(r.latencyMs),
  }));
  for (const rows of batchesOf(attempts, 6)) {
    await trx.insertInto('alert_delivery_attempts').values(rows).execute();
  }
  await markDelivered(
    trx,
    batch.results.filter((r) => r.outcome === 'delivered'),
  );
  for (const r of batch.results) {
    if (r.outcome !== 'delivered') await markFailed(trx, r, batch.owner);
  }
  const allGood: string[] = [];
  for (const [key, results] of groupBy(batch.results, (r) => r.channelKey)) {
    if (results.at(-1)?.outcome === 'delivered') allGood.push(key);
    else await countChannelFailures(trx, key, results, batch);
  }
  // The common case, one statement per batch: a channel whose last attempt worked starts from 0.
  for (const keys of batchesOf(allGood, 1)) {
    await trx
      .updateTable('alert_channels')
      .set({ consecutive_failures: 0 })
      .where('channel_key', 'in', keys)
      .where('consecutive_failures', '<>', 0)
      .execute();
  }
}

/** Multi-row VALUES in bounded batches; new idempotency keys only. */
export async function insertDeliveryRows(
  trx: Trx,
  drafts: readonly DeliveryDraft[],
): Promise<void> {
  for (const batch of batchesOf(drafts.map(deliveryRow), 9)) {
    await trx
      .insertInto('alert_deliveries')
      .values(batch)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }
}

// --- internal ---

/**
 * The results whose delivery still exists. A subscription removed while its delivery was being
 * sent (an unsubscribe link, `alerts remove`) takes the delivery with it; its attempt has
 * nothing left to be logged against, and the foreign key would refuse the whole batch, which
 * the result writer retries as a whole, so one removal would stop every later result from
 * being written. If a removal commits between this read and the insert (PostgreSQL), the
 * batch fails once and its retry reads again.
 */
async function stillOutstanding(
  trx: Trx,
  results: readonly AttemptBatch['results'][number][],
): Promise<AttemptBatch['results'][number][]> {
  const ids = [...new Set(results.map((r) => r.deliveryId))];
  const present = new Set<number>();
  for (const chunk of batchesOf(ids, 1)) {
    const rows = await trx
      .selectFrom('alert_deliveries')
      .select('id')
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) present.add(row.id);
  }
  return present.size === ids.length
    ? [...results]
    : results.filter((r) => present.has(r.deliveryId));
}

function deliveryRow(d: DeliveryDraft) {
  return {
    event_id: d.eventId,
    subscription_id: d.subscriptionId,
    idempotency_key: d.idempotencyKey,
    channel_key: d.channelKey,
    channel_host: d.channelHost,
    next_attempt_at: d.createdAt,
    created_at: d.createdAt,
    vendor_posted_at: d.vendorPostedAt,
    detected_at: d.detectedAt,
  };
}

/** Many at once: `handed_at` per row through a CASE, in batches. */
async function markDelivered(trx: Trx, results: readonly AttemptResult[]): Promise<void> {
  for (const batch of batchesOf(results, 3)) {
    const handed = sql.join(
      batch.map(
        (r) =>
          sql`when cast(${r.deliveryId} as bigint) then cast(${Math.round(r.startedAt + r.latencyMs)} as bigint)`,
      ),
      sql` `,
    );
    await trx
      .updateTable('alert_deliveries')
      .set((eb) => ({
        status: 'delivered',
        attempts: eb('attempts', '+', 1),
        handed_at: sql<number>`case id ${handed} end`,
        lease_owner: null,
        lease_until: null,
        last_error: null,
      }))
      .where(
        'id',
        'in',
        batch.map((r) => r.deliveryId),
      )
      .where('status', '=', 'pending')
      .execute();
  }
}

async function markFailed(trx: Trx, r: AttemptResult, owner: string): Promise<void> {
  const error = describeFailure(r);
  let update = trx
    .updateTable('alert_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      lease_owner: null,
      lease_until: null,
      last_error: error,
      ...(r.outcome === 'retry' ? { next_attempt_at: r.nextAttemptAt } : { status: 'dead' }),
    }))
    .where('id', '=', r.deliveryId)
    .where('status', '=', 'pending');
  // A retry must not reschedule a delivery another dispatcher took after our lease ran out.
  if (r.outcome === 'retry') update = update.where('lease_owner', '=', owner);
  await update.execute();
}

/** "In a row": failures after the last success in this batch, added to the stored count. */
async function countChannelFailures(
  trx: Trx,
  key: string,
  results: readonly AttemptResult[],
  batch: AttemptBatch,
): Promise<void> {
  const lastSuccess = results.findLastIndex((r) => r.outcome === 'delivered');
  const failures = results.slice(lastSuccess + 1);
  const reset = lastSuccess >= 0 ? 1 : 0;
  const last = failures.at(-1);
  if (last === undefined) return; // not reached: the caller sends channels that ended failing
  const count = sql<number>`(case when ${reset} = 1 then 0 else consecutive_failures end) + ${failures.length}`;
  await trx
    .updateTable('alert_channels')
    .set({
      consecutive_failures: count,
      paused_at: sql<
        number | null
      >`case when paused_at is null and ${count} >= ${batch.pauseAfterFailures} then cast(${batch.now} as bigint) else paused_at end`,
      last_failure_at: Math.round(last.startedAt + last.latencyMs),
      last_error: describeFailure(last),
    })
    .where('channel_key', '=', key)
    .execute();
}

function describeFailure(r: AttemptResult): string | null {
  if (r.outcome === 'delivered') return null;
  const code = r.code === null ? '' : `${r.code} `;
  return `${code}${r.detail ?? ''}`.trim().slice(0, 500) || 'failed';
}
