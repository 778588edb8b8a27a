import { sql, type Kysely } from 'kysely';
import {
  MATCH_END,
  MATCH_START,
  SEARCH_CANDIDATES,
  searchFilters,
  type DialectQueries,
} from './_dialect-queries.ts';
import { toFts5 } from './_search-query.ts';
import type { Database } from './_schema.ts';
import type { SearchRequest } from './store.ts';

export const sqliteQueries: DialectQueries = {
  dialect: 'sqlite',
  bool: (value) => (value ? 1 : 0),
  // One writer at a time: ids are committed in order.
  committedEventsOnly: null,
  claimRowLock: sql``,

  // One search row per incident, sharing the incident's rowid; rewritten whole on each write.
  async refreshSearch(trx, providerSlug, vendorIds) {
    const ids = sql.join(vendorIds);
    await sql`
      delete from incident_search where rowid in (
        select rowid from incidents where provider_slug = ${providerSlug} and vendor_id in (${ids})
      )`.execute(trx);
    await sql`
      insert into incident_search (rowid, title, updates_text, postmortem_text)
      select i.rowid, i.title,
        coalesce((
          select group_concat(u.body_text, char(10)) from incident_updates u
          where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
        ), ''),
        coalesce(i.postmortem_body_text, '')
      from incidents i
      where i.provider_slug = ${providerSlug} and i.vendor_id in (${ids})`.execute(trx);
  },

  // Candidates first: the newest SEARCH_CANDIDATES matches in the index's own (rowid) order,
  // so that a broad word never ranks or counts its 60,000 matches; then the page among them,
  // best first; snippet() runs for the rows of the page only.
  async searchIncidents(db, terms, request) {
    const { limit, offset } = request;
    const match = toFts5(terms);
    const page = await sql<{ rowid: number; provider_slug: string; vendor_id: string; n: number }>`
      with candidates as materialized (
        select s.rowid as id, s.rank as rank, i.provider_slug, i.vendor_id,
          coalesce(i.started_at, i.first_seen_at) as started
        from incident_search s join incidents i on i.rowid = s.rowid
        where incident_search match ${match} and i.is_template = 0 ${searchFilters(request)}
        order by s.rowid desc
        limit ${SEARCH_CANDIDATES}
      )
      select id as rowid, provider_slug, vendor_id, (select count(*) from candidates) as n
      from candidates
      order by rank, started desc, provider_slug, vendor_id
      limit ${limit} offset ${offset}`.execute(db);
    const rowids = page.rows.map((r) => r.rowid);
    const snippets = new Map<number, string>();
    if (rowids.length > 0) {
      const found = await sql<{ rowid: number; snippet: string }>`
        select rowid, snippet(incident_search, -1, ${MATCH_START}, ${MATCH_END}, '…', 24) as snippet
        from incident_search
        where incident_search match ${match} and rowid in (${sql.join(rowids)})`.execute(db);
      for (const r of found.rows) snippets.set(r.rowid, r.snippet);
    }
    const total = page.rows[0]?.n ?? (offset > 0 ? await countCandidates(db, match, request) : 0);
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

// --- internal ---

/** The capped count alone, for a page past the last one (which has no row to carry it). */
async function countCandidates(
  db: Kysely<Database>,
  match: string,
  request: SearchRequest,
): Promise<number> {
  const found = await sql<{ n: number }>`
    select count(*) as n from (
      select 1 from incident_search s join incidents i on i.rowid = s.rowid
      where incident_search match ${match} and i.is_template = 0 ${searchFilters(request)}
      limit ${SEARCH_CANDIDATES}
    )`.execute(db);
  return found.rows[0]?.n ?? 0;
}
