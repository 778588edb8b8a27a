import { sql } from 'kysely';
import type { ProviderRow } from './_schema.ts';
import { searchWords, type DialectQueries } from './_dialect-queries.ts';

export const sqliteQueries: DialectQueries = {
  dialect: 'sqlite',
  bool: (value) => (value ? 1 : 0),

  // A single connection writes at a time, so no row locks are needed: the update is atomic.
  async claimDue(db, { now, limit, owner, leaseMs }) {
    const result = await sql<ProviderRow>`
      update providers set lease_owner = ${owner}, lease_until = ${now + leaseMs}
      where slug in (
        select slug from providers
        where next_poll_at <= ${now} and (lease_until is null or lease_until < ${now})
        order by next_poll_at, slug
        limit ${limit}
      )
      returning *`.execute(db);
    return result.rows;
  },

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

  async searchIncidentKeys(db, q) {
    const words = searchWords(q);
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"`).join(' ');
    const result = await sql<{ provider_slug: string; vendor_id: string }>`
      select i.provider_slug, i.vendor_id
      from incident_search s join incidents i on i.rowid = s.rowid
      where incident_search match ${match}
      order by s.rank`.execute(db);
    return result.rows.map((r) => ({ providerSlug: r.provider_slug, vendorId: r.vendor_id }));
  },
};
