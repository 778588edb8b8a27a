import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { MATCH_END, MATCH_START, searchFilters, type DialectQueries } from './_dialect-queries.ts';
import { toTsquery } from './_search-query.ts';

export const postgresQueries: DialectQueries = {
  dialect: 'postgres',
  bool: (value) => value,
  committedEventsOnly: sql<SqlBool>`txid < pg_snapshot_xmin(pg_current_snapshot())`,
  claimRowLock: sql`for update skip locked`,

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

  // Two steps, so that ts_headline (slow: it re-parses the text) runs for the page only.
  async searchIncidents(db, terms, request) {
    const { limit, offset } = request;
    const query = sql`to_tsquery('simple', ${toTsquery(terms)})`;
    const matching = sql`
      from incident_search s
      join incidents i on i.provider_slug = s.provider_slug and i.vendor_id = s.vendor_id
      where s.document @@ ${query} and not i.is_template ${searchFilters(request)}`;
    const count = await sql<{ n: string }>`select count(*) as n ${matching}`.execute(db);
    const page = await sql<{ provider_slug: string; vendor_id: string; snippet: string }>`
      with page as (
        select i.provider_slug, i.vendor_id, ts_rank(s.document, ${query}) as rank,
          coalesce(i.started_at, i.first_seen_at) as started
        ${matching}
        order by rank desc, started desc, i.provider_slug, i.vendor_id
        limit ${limit} offset ${offset}
      )
      select p.provider_slug, p.vendor_id, ts_headline('simple',
          i.title || E'\\n' || ${updatesText} || E'\\n' || coalesce(i.postmortem_body_text, ''),
          ${query}, ${HEADLINE_OPTIONS}) as snippet
      from page p
      join incidents i on i.provider_slug = p.provider_slug and i.vendor_id = p.vendor_id
      order by p.rank desc, p.started desc, p.provider_slug, p.vendor_id`.execute(db);
    return {
      total: Number(count.rows[0]?.n ?? 0),
      hits: page.rows.map((r) => ({
        providerSlug: r.provider_slug,
        vendorId: r.vendor_id,
        snippet: r.snippet,
      })),
    };
  },
};

// --- internal ---

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

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
