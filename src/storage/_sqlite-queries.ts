import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { insertDeliveryRows } from './_alert-queries.ts';
import { MATCH_END, MATCH_START, searchFilters, type DialectQueries } from './_dialect-queries.ts';
import { toFts5 } from './_search-query.ts';

export const sqliteQueries: DialectQueries = {
  dialect: 'sqlite',
  // One writer at a time: ids are committed in order.
  async lockEventIds() {
    // Nothing to take.
  },
  claimRowLock: sql``,
  insertDeliveries: insertDeliveryRows,

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

  // Two steps, so that snippet() runs for the rows of the page only, not for every match.
  async searchIncidents(db, terms, request) {
    const { limit, offset } = request;
    const match = toFts5(terms);
    const matching = sql`
      from incident_search s join incidents i on i.rowid = s.rowid
      where incident_search match ${match} and i.is_template = 0 ${searchFilters(request)}`;
    const count = await sql<{ n: number }>`select count(*) as n ${matching}`.execute(db);
    const page = await sql<{ rowid: number; provider_slug: string; vendor_id: string }>`
      select s.rowid as rowid, i.provider_slug, i.vendor_id ${matching}
      order by s.rank, coalesce(i.started_at, i.first_seen_at) desc, i.provider_slug, i.vendor_id
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
    return {
      total: count.rows[0]?.n ?? 0,
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
