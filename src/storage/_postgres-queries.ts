import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DeliveryDraft } from './alert-store.ts';
import {
  claimDueInOneStatement,
  MATCH_END,
  MATCH_START,
  SEARCH_CANDIDATES,
  searchFilters,
  type DialectQueries,
} from './_dialect-queries.ts';
import type { Database } from './_schema.ts';
import type { SearchRequest } from './store.ts';
import { toTsquery } from './_search-query.ts';

export const postgresQueries: DialectQueries = {
  dialect: 'postgres',
  async lockEventIds(trx) {
    await sql.raw(EVENT_ID_LOCK).execute(trx);
  },
  claimRowLock: sql`for update skip locked`,
  claimDue(db, request) {
    return claimDueInOneStatement(db, request, sql`for update skip locked`);
  },
  insertDeliveries: insertDeliveriesFromArrays,

  // One document per incident (migrations 0003, 0006), rewritten whole on each write.
  async refreshSearch(trx, providerSlug, vendorIds) {
    await sql`
      insert into incident_search (provider_slug, vendor_id, document)
      select i.provider_slug, i.vendor_id,
        setweight(${searchVector(sql`i.title`)}, 'A') ||
        setweight(${searchVector(updatesText)}, 'B') ||
        setweight(${searchVector(sql`coalesce(i.postmortem_body_text, '')`)}, 'C')
      from incidents i
      where i.provider_slug = ${providerSlug} and i.vendor_id in (${sql.join(vendorIds)})
      on conflict (provider_slug, vendor_id) do update set document = excluded.document`.execute(
      trx,
    );
  },

  // Candidates first: up to SEARCH_CANDIDATES matches in the GIN index's (physical) order, so
  // that a broad word never sorts or counts its 60,000 matches. Fewer than that are ranked
  // (ts_rank reads each TOASTed document); more are shown newest first, unranked: for a word in
  // most documents, rank says little. ts_headline (it re-parses the text) for the page only.
  // The settings keep the planner on the GIN index: see SEARCH_SETTINGS.
  async searchIncidents(db, terms, request) {
    const { limit, offset } = request;
    const query = sql`to_tsquery('simple', ${toTsquery(terms)})`;
    return db.transaction().execute(async (trx) => {
      await SEARCH_SETTINGS.execute(trx);
      const page = await sql<{
        provider_slug: string;
        vendor_id: string;
        snippet: string;
        n: string;
      }>`
        with candidates as materialized (
          select s.provider_slug, s.vendor_id, s.document,
            coalesce(i.started_at, i.first_seen_at) as started
          from incident_search s
          join incidents i on i.provider_slug = s.provider_slug and i.vendor_id = s.vendor_id
          where s.document @@ ${query} and not i.is_template ${searchFilters(request)}
          limit ${SEARCH_CANDIDATES}
        ), counted as (
          select count(*) as n from candidates
        ), page as (
          select provider_slug, vendor_id, started, (select n from counted) as n,
            case when (select n from counted) < ${SEARCH_CANDIDATES}
              then ts_rank(document, ${query}) else 0 end as rank
          from candidates
          order by rank desc, started desc, provider_slug, vendor_id
          limit ${limit} offset ${offset}
        )
        select p.provider_slug, p.vendor_id, p.n, ts_headline('simple',
            i.title || E'\\n' || ${updatesText} || E'\\n' || coalesce(i.postmortem_body_text, ''),
            ${query}, ${HEADLINE_OPTIONS}) as snippet
        from page p
        join incidents i on i.provider_slug = p.provider_slug and i.vendor_id = p.vendor_id
        order by p.rank desc, p.started desc, p.provider_slug, p.vendor_id`.execute(trx);
      const first = page.rows[0];
      const total =
        first === undefined
          ? offset > 0
            ? await countCandidates(trx, query, request)
            : 0
          : Number(first.n);
      return {
        total,
        hits: page.rows.map((r) => ({
          providerSlug: r.provider_slug,
          vendorId: r.vendor_id,
          snippet: r.snippet,
        })),
      };
    });
  },
};

/**
 * Taken by every transaction that writes events, right before its first insert into `events`,
 * and held until it commits or rolls back: one writer of event ids at a time per schema.
 *
 * Why no event cursor can pass a gap: ids come from the `events` sequence only under this lock,
 * and the lock is released after the commit is visible (PostgreSQL ends a transaction's
 * visibility before it releases its locks). Take event N, visible to a reader, and a smaller id
 * M of another transaction. M was drawn before N; under this exclusive lock, so M's writer ended
 * before N's writer took the lock, hence before N committed. If it committed, it was visible
 * before N was, so every snapshot that shows N shows M; if it rolled back, M is a hole that
 * nothing fills. So a reader needs no filter (none of the former `txid < xmin`, which any write
 * transaction of the whole server held back, and which was wrong anyway: xids are drawn at a
 * transaction's first write, ids later, so a younger transaction can hold a smaller id still
 * in flight while an older one's larger id is already shown).
 *
 * The price: the end of event-writing transactions (events, their deliveries, the commit) runs
 * one at a time per schema; transactions that write no event never take it. The key is a
 * 64-bit hash of a label and the schema, so that stores in different schemas do not wait for
 * each other; `hashtextextended` is the hash that hash partitioning stores, stable across
 * releases. Exported so that tests writing events by hand take it exactly as the store does.
 */
export const EVENT_ID_LOCK =
  "select pg_advisory_xact_lock(hashtextextended('statuswatch event ids ' || current_schema(), 0))";

/**
 * Planner settings sent at connection start-up, so every pooled connection has them before its
 * first query. Foreign-key checks run through plans cached per connection: planned while a
 * table is still small (a fresh database, an import), they keep scanning it whole as it grows
 * (20x slower inserts of incident updates after a few thousand incidents). Custom plans avoid
 * that; the queries we send ourselves are never prepared, so they lose nothing. The one
 * statement that wants the opposite sets it locally (`insertDeliveriesFromArrays`).
 */
export function postgresStartupOptions(schema: string | undefined): string {
  const options = ['-c plan_cache_mode=force_custom_plan'];
  if (schema !== undefined) options.push(`-c search_path=${schema}`);
  return options.join(' ');
}

// --- internal ---

/**
 * One statement with one array per column. A fan-out to thousands of subscribers is written
 * several times faster than as multi-row VALUES, and it sits in the ingest transaction, before
 * the first alert can leave.
 */
async function insertDeliveriesFromArrays(
  trx: Transaction<Database>,
  drafts: readonly DeliveryDraft[],
): Promise<void> {
  if (drafts.length === 0) return;
  const column = <T>(pick: (d: DeliveryDraft) => T): T[] => drafts.map(pick);
  // Custom plans (`postgresStartupOptions`) would re-plan the two foreign-key checks for every
  // row: a third of the time for a big fan-out. Those checks are primary-key lookups, whose
  // generic plan is an index scan at any table size. This is the last statement of the ingest
  // transaction, and `local` ends with it.
  await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
  await sql`
    insert into alert_deliveries (event_id, subscription_id, idempotency_key, channel_key,
      channel_host, next_attempt_at, created_at, vendor_posted_at, detected_at)
    select * from unnest(
      ${column((d) => d.eventId)}::bigint[], ${column((d) => d.subscriptionId)}::bigint[],
      ${column((d) => d.idempotencyKey)}::text[], ${column((d) => d.channelKey)}::text[],
      ${column((d) => d.channelHost)}::text[], ${column((d) => d.createdAt)}::bigint[],
      ${column((d) => d.createdAt)}::bigint[], ${column((d) => d.vendorPostedAt)}::bigint[],
      ${column((d) => d.detectedAt)}::bigint[])
    on conflict (idempotency_key) do nothing`.execute(trx);
}

/**
 * Words as SQLite's unicode61 tokenizer sees them: punctuation separates, nothing is dropped or
 * stemmed ('simple'). Without the replace, PostgreSQL's parser would keep "api.github.com" or
 * "e-mail" as one token that a search for "github" or "mail" misses. Same as migration 0006.
 */
function searchVector(text: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`to_tsvector('simple', regexp_replace(${text}, '[[:space:][:punct:]]+', ' ', 'g'))`;
}

/** Every update body of incident `i`, in order. */
const updatesText = sql`coalesce((
  select string_agg(u.body_text, E'\\n' order by u.position) from incident_updates u
  where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
), '')`;

/** The capped count alone, for a page past the last one (which has no row to carry it). */
async function countCandidates(
  trx: Transaction<Database>,
  query: RawBuilder<unknown>,
  request: SearchRequest,
): Promise<number> {
  const found = await sql<{ n: string }>`
    select count(*) as n from (
      select 1 from incident_search s
      join incidents i on i.provider_slug = s.provider_slug and i.vendor_id = s.vendor_id
      where s.document @@ ${query} and not i.is_template ${searchFilters(request)}
      limit ${SEARCH_CANDIDATES}
    ) c`.execute(trx);
  return Number(found.rows[0]?.n ?? 0);
}

/**
 * Per search transaction (`set_config(…, true)` is `set local`; one round trip): bitmap scans
 * only, no parallel workers. The planner prices `@@` as cheap, but it reads each (TOASTed, ~3 KB)
 * document: left alone, it scans every document (sequentially, or whole along the primary key)
 * to find 1,001 candidates or to join a date range, where the GIN index (or the date index, then
 * the GIN index) yields row ids alone.
 */
const SEARCH_SETTINGS = sql`select
  set_config('enable_seqscan', 'off', true),
  set_config('enable_indexscan', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true)`;

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
