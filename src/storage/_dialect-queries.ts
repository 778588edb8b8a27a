import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import { hasPositiveTerm, parseSearch, type SearchTerm } from './_search-query.ts';
import type { Database, ProviderRow } from './_schema.ts';
import type { DeliveryDraft } from './alert-store.ts';
import { SEARCH_COUNT_CAP, type SearchRequest } from './store.ts';

export interface ClaimRequest {
  now: number;
  limit: number;
  owner: string;
  leaseMs: number;
}

export interface IncidentKey {
  providerSlug: string;
  vendorId: string;
}

/**
 * Everything that differs between SQLite and PostgreSQL, one implementation per dialect
 * (`_sqlite-queries.ts`, `_postgres-queries.ts`); every other statement is shared. Connection
 * settings live beside them (`applySqlitePragmas`, `postgresStartupOptions`).
 */
export interface DialectQueries {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Called in a transaction before its first event insert, so that the event cursor never
   * passes a gap: event ids must become visible in id order. On PostgreSQL it takes a lock that
   * the transaction holds until it ends (see `EVENT_ID_LOCK`); nothing on SQLite, whose single
   * writer commits ids in order anyway.
   */
  lockEventIds(trx: Transaction<Database>): Promise<void>;
  /**
   * Appended to a claim's row selection (due providers, due deliveries): `for update skip
   * locked` on PostgreSQL, so that concurrent pollers and dispatchers take different rows
   * instead of waiting; nothing on SQLite, whose single writer makes the update atomic anyway.
   */
  readonly claimRowLock: RawBuilder<unknown>;
  /** Leases up to `limit` due sources, soonest due first, and returns their rows, leased. */
  claimDue(db: Kysely<Database>, request: ClaimRequest): Promise<Selectable<ProviderRow>[]>;
  /** Writes outbox rows, skipping idempotency keys already there, inside the ingest transaction. */
  insertDeliveries(trx: Transaction<Database>, drafts: readonly DeliveryDraft[]): Promise<void>;
  /** Brings the full-text index up to date for incidents just written (and their updates). */
  refreshSearch(
    trx: Transaction<Database>,
    providerSlug: string,
    vendorIds: string[],
  ): Promise<void>;
  /**
   * One page of the incidents (templates excluded) whose title, update bodies and postmortem,
   * taken together, hold every word: best match first; past SEARCH_COUNT_CAP, the first
   * SEARCH_CANDIDATES matches the index yields, newest first. `total` counts up to
   * SEARCH_CANDIDATES. Snippets for the page only.
   */
  searchIncidents(
    db: Kysely<Database>,
    terms: readonly SearchTerm[],
    page: SearchRequest,
  ): Promise<{ hits: RawSearchHit[]; total: number }>;
}

/**
 * The filters of a search as `and …` conditions on incident `i`, the same on both databases;
 * dates bound `coalesce(started_at, first_seen_at)` as `listIncidents` does (`until` exclusive).
 */
export function searchFilters(page: SearchRequest): RawBuilder<unknown> {
  const started = sql`coalesce(i.started_at, i.first_seen_at)`;
  const conditions = [
    ...(page.providerSlug === undefined ? [] : [sql`and i.provider_slug = ${page.providerSlug}`]),
    ...(page.since === undefined ? [] : [sql`and ${started} >= ${page.since}`]),
    ...(page.until === undefined ? [] : [sql`and ${started} < ${page.until}`]),
  ];
  return conditions.length === 0 ? sql`` : sql.join(conditions, sql` `);
}

/**
 * How many matches a search takes from the index and counts: one past the cap, so that
 * "1,000+" can be told from 1,000. Counting and ranking every match of a broad word (60,000 of
 * 100,000 incidents) is what made search slow.
 */
export const SEARCH_CANDIDATES = SEARCH_COUNT_CAP + 1;

/** A search hit before its incident is loaded; the snippet marks matches with the markers. */
export interface RawSearchHit extends IncidentKey {
  snippet: string;
}

/** Control characters never found in stored text, so they can mark matches in a snippet. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/**
 * The search box's terms (words, `prefix*`, `"phrases"`, `-exclusions`; see _search-query.ts);
 * none when nothing could match, e.g. exclusions alone.
 */
export function searchWords(q: string): SearchTerm[] {
  const terms = parseSearch(q);
  return hasPositiveTerm(terms) ? terms : [];
}

/**
 * Leases due sources in one statement and returns their rows, leased (PostgreSQL: many rows,
 * `for update skip locked`).
 */
export async function claimDueInOneStatement(
  db: Kysely<Database>,
  { now, limit, owner, leaseMs }: ClaimRequest,
  rowLock: RawBuilder<unknown>,
): Promise<Selectable<ProviderRow>[]> {
  const result = await sql<ProviderRow>`
    update providers set lease_owner = ${owner}, lease_until = ${now + leaseMs}
    where slug in (
      select slug from providers
      where next_poll_at <= ${now} and (lease_until is null or lease_until < ${now})
      order by next_poll_at, slug
      limit ${limit}
      ${rowLock}
    )
    returning *`.execute(db);
  return result.rows;
}
