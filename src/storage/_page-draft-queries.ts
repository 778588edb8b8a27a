import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  StatuswatchError,
  isOneOf,
  type ComponentStatus,
  type Impact,
  type StoredEvent,
} from '../domain/index.ts';
import { batchesOf } from './_batch.ts';
import { fromDbBool, toStoredEvent } from './_rows.ts';
import type { Database, PageIncidentDraftRow } from './_schema.ts';
import {
  PAGE_DRAFT_STATES,
  type PageDraftChange,
  type PageDraftMove,
  type PageDraftState,
  type PageIncidentDraft,
} from './store.ts';

// The own page's incident drafts raised by vendor incidents (migration 0010): a table of their
// own, which nothing that reads incidents touches, so a draft never reaches a public output.

export async function pageDraftsOf(
  db: Kysely<Database>,
  pageSlug: string,
): Promise<PageIncidentDraft[]> {
  const rows = await db
    .selectFrom('page_incident_drafts')
    .selectAll()
    .where('page_slug', '=', pageSlug)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toPageDraft);
}

export async function pageDraftById(
  db: Kysely<Database>,
  id: number,
): Promise<PageIncidentDraft | null> {
  const row = await db
    .selectFrom('page_incident_drafts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPageDraft(row) : null;
}

/** Compare-and-set of the state: true when this call moved it. */
export async function movePageDraft(
  db: Kysely<Database>,
  id: number,
  from: PageDraftState,
  to: PageDraftMove,
): Promise<boolean> {
  const result = await db
    .updateTable('page_incident_drafts')
    .set({
      state: to.state,
      ...(to.incidentCode === undefined ? {} : { incident_code: to.incidentCode }),
      ...(to.state === 'published' ? { published_at: to.at } : {}),
      ...(to.state === 'closed' || to.state === 'discarded' ? { closed_at: to.at } : {}),
    })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Applies one write's draft changes inside its transaction. A raise that exists already (the
 * same vendor incident seen again, by a restart or another node) changes nothing; a proposal
 * is made once, and only on drafts or incidents still open.
 */
export async function applyPageDraftChanges(
  trx: Transaction<Database>,
  eventIds: readonly number[],
  plan: (events: StoredEvent[]) => PageDraftChange[],
): Promise<void> {
  const events: StoredEvent[] = [];
  for (const ids of batchesOf(eventIds, 1)) {
    const rows = await trx.selectFrom('events').selectAll().where('id', 'in', ids).execute();
    events.push(...rows.map(toStoredEvent));
  }
  events.sort((a, b) => a.id - b.id);
  for (const change of plan(events)) {
    switch (change.kind) {
      case 'raise':
        await raise(trx, change);
        break;
      case 'propose_resolution':
        await trx
          .updateTable('page_incident_drafts')
          .set({ resolution_proposed_at: change.proposedAt, resolution_body: change.body })
          .where('vendor_provider_slug', '=', change.vendor.providerSlug)
          .where('vendor_incident_id', '=', change.vendor.vendorId)
          .where('state', 'in', ['draft', 'published'])
          .where('resolution_proposed_at', 'is', null)
          .execute();
        break;
      case 'withdraw_resolution':
        await trx
          .updateTable('page_incident_drafts')
          .set({ resolution_proposed_at: null, resolution_body: null })
          .where('vendor_provider_slug', '=', change.vendor.providerSlug)
          .where('vendor_incident_id', '=', change.vendor.vendorId)
          .where('state', 'in', ['draft', 'published'])
          .execute();
        break;
    }
  }
}

// --- internal ---

async function raise(
  trx: Transaction<Database>,
  { draft }: Extract<PageDraftChange, { kind: 'raise' }>,
): Promise<void> {
  // Every later update of the vendor incident asks again: a look first spares the insert that
  // the unique key would refuse, and with it a draft id (operators type them) burnt for nothing.
  const existing = await trx
    .selectFrom('page_incident_drafts')
    .select('id')
    .where('page_slug', '=', draft.pageSlug)
    .where('vendor_provider_slug', '=', draft.vendor.providerSlug)
    .where('vendor_incident_id', '=', draft.vendor.vendorId)
    .executeTakeFirst();
  if (existing !== undefined) return;
  await trx
    .insertInto('page_incident_drafts')
    .values({
      page_slug: draft.pageSlug,
      vendor_provider_slug: draft.vendor.providerSlug,
      vendor_incident_id: draft.vendor.vendorId,
      vendor_name: draft.vendorName,
      vendor_title: draft.vendorTitle,
      vendor_url: draft.vendorUrl,
      title: draft.title,
      body: draft.body,
      impact: draft.impact,
      components_json: JSON.stringify(draft.components),
      auto_publish: draft.autoPublish,
      raised_at: draft.raisedAt,
      state: 'draft',
    })
    .onConflict((oc) =>
      oc.columns(['page_slug', 'vendor_provider_slug', 'vendor_incident_id']).doNothing(),
    )
    .execute();
}

function toPageDraft(row: Selectable<PageIncidentDraftRow>): PageIncidentDraft {
  return {
    id: row.id,
    pageSlug: row.page_slug,
    vendor: { providerSlug: row.vendor_provider_slug, vendorId: row.vendor_incident_id },
    vendorName: row.vendor_name,
    vendorTitle: row.vendor_title,
    vendorUrl: row.vendor_url,
    title: row.title,
    body: row.body,
    impact: row.impact as Impact,
    components: JSON.parse(row.components_json) as Record<string, ComponentStatus>,
    autoPublish: fromDbBool(row.auto_publish),
    raisedAt: row.raised_at,
    state: stateOf(row.id, row.state),
    incidentCode: row.incident_code,
    publishedAt: row.published_at,
    resolution:
      row.resolution_proposed_at === null
        ? null
        : { proposedAt: row.resolution_proposed_at, body: row.resolution_body ?? '' },
    closedAt: row.closed_at,
  };
}

/** A state this version does not know is refused, never read as the one that may be published. */
function stateOf(id: number, state: string): PageDraftState {
  if (isOneOf(PAGE_DRAFT_STATES, state)) return state;
  throw new StatuswatchError('storage', `page draft ${String(id)} has an unknown state "${state}"`);
}
