import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { insertDeliveryRows } from './_alert-queries.ts';
import {
  type ClaimRequest,
  MATCH_END,
  MATCH_START,
  SEARCH_CANDIDATES,
  searchFilters,
  type DialectQueries,
} from './_dialect-queries.ts';
import { markedSnippet, toFts5Within, type SearchTerm } from './_search-query.ts';
import type { Database, ProviderRow } from './_schema.ts';
import type { SearchRequest } from './store.ts';

export const sqliteQueries: DialectQueries = {
  dialect: 'sqlite',
  // One writer at a time: ids are committed in order.
  async lockEventIds() {
    // Nothing to take.
  },
  claimRowLock: sql``,
  claimDue: claimOneAtATime,
  insertDeliveries: insertDeliveryRows,

  // One search row per incident, sharing the incident's rowid; rewritten whole on each write
  // (the contentless table deletes by rowid alone: migration 0007).
  async refreshSearch(trx, providerSlug, vendorIds) {
    const ids = sql.join(vendorIds);
    await sql`
      delete from incident_search where rowid in (
        select rowid from incidents where provider_slug = ${providerSlug} and vendor_id in (${ids})
      )`.execute(trx);
    await sql`
      insert into incident_search (rowid, title, updates_text, postmortem_text, provider)
      select i.rowid, i.title,
        coalesce((
          select group_concat(u.body_text, char(10)) from incident_updates u
          where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
        ), ''),
        coalesce(i.postmortem_body_text, ''), i.provider_slug
      from incidents i
      where i.provider_slug = ${providerSlug} and i.vendor_id in (${ids})`.execute(trx);
  },

  // Candidates first: the newest SEARCH_CANDIDATES matches in the index's own (rowid) order,
  // so that a broad word never sorts or counts its 60,000 matches. Fewer than that are ranked
  // (bm25 reads every match's word list and size); more are shown newest first, unranked: for a
  // word in most documents, rank says little. Snippets for the rows of the page only.
  async searchIncidents(db, terms, request) {
    const { limit, offset } = request;
    const match = toFts5Within(terms, request.providerSlug);
    const total = await countCandidates(db, match, request);
    if (offset >= total) return { total, hits: [] };
    const rank = total < SEARCH_CANDIDATES ? RANK : sql`0`;
    const page = await sql<{ rowid: number; provider_slug: string; vendor_id: string }>`
      with candidates as materialized (${candidates(match, request, rank)})
      select c.id as rowid, i.provider_slug, i.vendor_id
      from candidates c join incidents i on i.rowid = c.id
      order by c.rank, coalesce(i.started_at, i.first_seen_at) desc, i.provider_slug, i.vendor_id
      limit ${limit} offset ${offset}`.execute(db);
    const snippets = await snippetsOf(
      db,
      page.rows.map((r) => r.rowid),
      terms,
    );
    return {
      total,
      hits: page.rows.map((r) => ({
        providerSlug: r.provider_slug,
        vendorId: r.vendor_id,
        snippet: snippets.get(r.rowid) ?? '',
      })),
    };
  },
};

/** How long a write waits for another process (e.g. `statuswatch import`) to finish its own. */
const BUSY_TIMEOUT_MS = 5_000;

/** Connection settings, set once when the store opens (before migrating). */
export function applySqlitePragmas(db: BetterSqlite3.Database): void {
  // WAL lets the web server read while the poller writes.
  db.pragma('journal_mode = WAL');
  // Safe with WAL (a crash loses at most the last commits, never consistency), and much faster.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

// --- internal ---

/**
 * The due sources leased one statement each, soonest first, until `limit` or none is left. The
 * one-statement claim PostgreSQL runs (`slug in (select … limit n)`) costs SQLite ~400 µs even
 * on one row: the IN list, and RETURNING without a single-row key, make it build temporary
 * b-trees, each with a fresh page cache. A scalar subquery keeps the update on one primary-key
 * row (~30 µs), and its limit of 1 is a literal: a bound LIMIT makes SQLite plan the statement
 * anew on every run. Each claim commits on its own (no transaction around them): a claimed
 * source costs an HTTP poll anyway, and a claim that finds nothing writes nothing. A simulation
 * claims 600 times a second, one source each.
 */
async function claimOneAtATime(
  db: Kysely<Database>,
  request: ClaimRequest,
): Promise<Selectable<ProviderRow>[]> {
  const claimed: Selectable<ProviderRow>[] = [];
  while (claimed.length < request.limit) {
    const row = await claimOne(db, request);
    if (row === undefined) break;
    claimed.push(row);
  }
  return claimed;
}

async function claimOne(
  db: Kysely<Database>,
  { now, owner, leaseMs }: ClaimRequest,
): Promise<Selectable<ProviderRow> | undefined> {
  const result = await sql<ProviderRow>`
    update providers set lease_owner = ${owner}, lease_until = ${now + leaseMs}
    where slug = (
      select slug from providers
      where next_poll_at <= ${now} and (lease_until is null or lease_until < ${now})
      order by next_poll_at, slug
      limit 1
    )
    returning *`.execute(db);
  return result.rows[0];
}

/**
 * bm25 over the text columns: the provider column (weight 0) narrows, never scores, so a search
 * narrowed to a provider orders its hits as the unfiltered search does.
 */
const RANK = sql`bm25(incident_search, 1.0, 1.0, 1.0, 0.0)`;

/** Snippets cut from the incidents' own text, for the rows of one page. */
async function snippetsOf(
  db: Kysely<Database>,
  rowids: readonly number[],
  terms: readonly SearchTerm[],
): Promise<Map<number, string>> {
  if (rowids.length === 0) return new Map();
  const found = await sql<{ rowid: number; text: string }>`
    select i.rowid as rowid, i.title || char(10) || coalesce((
        select group_concat(u.body_text, char(10) order by u.position) from incident_updates u
        where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
      ), '') || char(10) || coalesce(i.postmortem_body_text, '') as text
    from incidents i where i.rowid in (${sql.join([...rowids])})`.execute(db);
  const marks = { start: MATCH_START, end: MATCH_END };
  return new Map(found.rows.map((r) => [r.rowid, markedSnippet(r.text, terms, marks)]));
}

/** The matches, counted up to SEARCH_CANDIDATES: cheap, as nothing is ranked. */
async function countCandidates(
  db: Kysely<Database>,
  match: string,
  request: SearchRequest,
): Promise<number> {
  const found = await sql<{ n: number }>`
    select count(*) as n from (${candidates(match, request, sql`0`)})`.execute(db);
  return found.rows[0]?.n ?? 0;
}

/**
 * The first SEARCH_CANDIDATES matches (`id`, `rank`), newest stored first. Otherwise each match
 * joins its incident until enough are found; narrowed to a provider, that provider's incidents
 * are listed first (an index range, ~100) and each match is checked against the list: at 1M
 * updates, 3 ms instead of 70 for a word and a date in one provider. Not for dates alone: a
 * range of months lists thousands of incidents (3-10x slower than the join). The `+` keeps
 * SQLite from probing the FTS index once per listed incident, slower still.
 */
function candidates(match: string, request: SearchRequest, rank: RawBuilder<unknown>) {
  const filters = searchFilters(request);
  return request.providerSlug !== undefined
    ? sql`
      select s.rowid as id, ${rank} as rank from incident_search s
      where incident_search match ${match}
        and +s.rowid in (select i.rowid from incidents i where i.is_template = 0 ${filters})
      order by s.rowid desc limit ${SEARCH_CANDIDATES}`
    : sql`
      select s.rowid as id, ${rank} as rank from incident_search s
      join incidents i on i.rowid = s.rowid
      where incident_search match ${match} and i.is_template = 0 ${filters}
      order by s.rowid desc limit ${SEARCH_CANDIDATES}`;
}
