import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Component, IngestEvent, StoredIncident } from '../domain/index.ts';
import { batchesOf, groupBy } from './_batch.ts';
import type { DialectQueries } from './_dialect-queries.ts';
import { componentToRow, eventToRow, incidentToRow, updatesToRows } from './_rows.ts';
import type { Database, IncidentRow } from './_schema.ts';

type Trx = Transaction<Database>;

const INCIDENT_KEY = ['provider_slug', 'vendor_id'] as const;
type IncidentColumn = Exclude<keyof IncidentRow, (typeof INCIDENT_KEY)[number]>;
// Every stored column is the caller's full record, so an upsert overwrites all of them.
const INCIDENT_COLUMNS: readonly IncidentColumn[] = [
  'title', 'kind', 'impact', 'status', 'created_at', 'started_at', 'monitoring_at', 'resolved_at',
  'scheduled_for', 'scheduled_until', 'url', 'shortlink', 'components_json',
  'postmortem_body_html', 'postmortem_body_text', 'postmortem_published_at', 'is_template',
  'first_seen_at', 'backfilled', 'last_changed_at', 'previous_titles_json', 'ingest_anomalies_json', 'update_count',
  'analysis_json', 'analysis_version',
]; // prettier-ignore

export async function replaceComponents(
  trx: Trx,
  providerSlug: string,
  components: readonly Component[],
): Promise<void> {
  await trx.deleteFrom('components').where('provider_slug', '=', providerSlug).execute();
  const rows = components.map((c) => componentToRow(providerSlug, c));
  for (const batch of batchesOf(rows, 6)) {
    await trx.insertInto('components').values(batch).execute();
  }
}

/** Upserts the incidents, replaces their updates, then refreshes their search rows. */
export async function writeIncidents(
  trx: Trx,
  incidents: readonly StoredIncident[],
  queries: DialectQueries,
): Promise<void> {
  // PostgreSQL refuses to upsert one row twice in a statement; SQLite keeps the last. Keep the
  // last everywhere, so that both databases behave alike.
  const unique = [
    ...new Map(incidents.map((i) => [`${i.providerSlug}\n${i.vendorId}`, i])).values(),
  ];
  const rows = unique.map((i) => incidentToRow(i));
  for (const batch of batchesOf(rows, INCIDENT_COLUMNS.length + INCIDENT_KEY.length)) {
    await trx
      .insertInto('incidents')
      .values(batch)
      .onConflict((oc) => oc.columns(INCIDENT_KEY).doUpdateSet(allFromExcluded()))
      .execute();
  }
  for (const [providerSlug, group] of groupBy(unique, (i) => i.providerSlug)) {
    const vendorIds = group.map((i) => i.vendorId);
    await deleteUpdates(trx, providerSlug, vendorIds);
    for (const batch of batchesOf(group.flatMap(updatesToRows), 11)) {
      await trx.insertInto('incident_updates').values(batch).execute();
    }
    for (const ids of batchesOf(vendorIds, 1)) await queries.refreshSearch(trx, providerSlug, ids);
  }
}

/**
 * Inserts events whose idempotency key is new; returns the ids given to them, in order. The only
 * statement that writes events: it takes the event-id lock before the first id is drawn.
 */
export async function insertEvents(
  trx: Trx,
  queries: DialectQueries,
  events: readonly IngestEvent[],
  imported: boolean,
): Promise<number[]> {
  if (events.length === 0) return [];
  await queries.lockEventIds(trx);
  const ids: number[] = [];
  const rows = events.map((e) => eventToRow(e, imported));
  for (const batch of batchesOf(rows, 8)) {
    const inserted = await trx
      .insertInto('events')
      .values(batch)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids.sort((a, b) => a - b);
}

// --- internal ---

async function deleteUpdates(trx: Trx, providerSlug: string, vendorIds: string[]): Promise<void> {
  for (const ids of batchesOf(vendorIds, 1)) {
    await trx
      .deleteFrom('incident_updates')
      .where('provider_slug', '=', providerSlug)
      .where('incident_vendor_id', 'in', ids)
      .execute();
  }
}

function allFromExcluded() {
  return Object.fromEntries(
    INCIDENT_COLUMNS.map((column) => [column, sql.ref<never>(`excluded.${column}`)]),
  ) as Record<IncidentColumn, RawBuilder<never>>;
}
