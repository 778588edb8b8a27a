import type { Kysely } from 'kysely';
import type { Database } from './_schema.ts';
import type { IncidentKeyRef, PostmortemDraft } from './store.ts';

// The own page's unpublished postmortems (migration 0008): a table of their own, which nothing
// that reads incidents touches, so a draft can never reach a public output.

export async function draftOf(
  db: Kysely<Database>,
  key: IncidentKeyRef,
): Promise<PostmortemDraft | null> {
  const row = await db
    .selectFrom('postmortem_drafts')
    .selectAll()
    .where('provider_slug', '=', key.providerSlug)
    .where('incident_vendor_id', '=', key.vendorId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    providerSlug: row.provider_slug,
    vendorId: row.incident_vendor_id,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    draftedAt: row.drafted_at,
  };
}

/** Saves the draft, replacing an earlier one of the same incident. */
export async function saveDraft(db: Kysely<Database>, draft: PostmortemDraft): Promise<void> {
  const text = {
    body_html: draft.bodyHtml,
    body_text: draft.bodyText,
    drafted_at: draft.draftedAt,
  };
  await db
    .insertInto('postmortem_drafts')
    .values({ provider_slug: draft.providerSlug, incident_vendor_id: draft.vendorId, ...text })
    .onConflict((oc) => oc.columns(['provider_slug', 'incident_vendor_id']).doUpdateSet(text))
    .execute();
}

export async function deleteDraft(db: Kysely<Database>, key: IncidentKeyRef): Promise<void> {
  await db
    .deleteFrom('postmortem_drafts')
    .where('provider_slug', '=', key.providerSlug)
    .where('incident_vendor_id', '=', key.vendorId)
    .execute();
}
