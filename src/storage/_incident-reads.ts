import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { IncidentUpdate, StoredIncident } from '../domain/index.ts';
import { batchesOf, groupBy } from './_batch.ts';
import { toIncidentUpdate, toStoredIncident } from './_rows.ts';
import { INCIDENT_UPDATE_COLUMNS, type Database, type IncidentRow } from './_schema.ts';

/**
 * Literal (not bound) so that the partial index `incidents_open`, whose predicate is the same
 * text, can be used. Mirrors `isClosedStatus` in the domain.
 */
export const isOpenIncident = sql<SqlBool>`status not in ('resolved', 'postmortem', 'completed')`;

/** "Started, or first seen": what incident listings filter and sort on (and what is indexed). */
export const startedOrFirstSeen = sql<number>`coalesce(started_at, first_seen_at)`;

/** Completes incident rows with their updates, oldest first, in one query per 10k incidents. */
export async function withUpdates(
  db: Kysely<Database>,
  rows: readonly Selectable<IncidentRow>[],
): Promise<StoredIncident[]> {
  const updates = new Map<string, IncidentUpdate[]>();
  const slugs = [...new Set(rows.map((r) => r.provider_slug))];
  const vendorIds = [...new Set(rows.map((r) => r.vendor_id))];
  for (const ids of batchesOf(vendorIds, 1)) {
    if (slugs.length === 0) break;
    const found = await db
      .selectFrom('incident_updates')
      .select(INCIDENT_UPDATE_COLUMNS)
      .where('provider_slug', 'in', slugs)
      .where('incident_vendor_id', 'in', ids)
      .orderBy('position')
      .execute();
    const byIncident = groupBy(found, (u) => incidentKey(u.provider_slug, u.incident_vendor_id));
    for (const [key, group] of byIncident) updates.set(key, group.map(toIncidentUpdate));
  }
  return rows.map((r) =>
    toStoredIncident(r, updates.get(incidentKey(r.provider_slug, r.vendor_id)) ?? []),
  );
}

// --- internal ---

// Another provider's updates may come back when vendor ids collide; the key keeps them apart.
function incidentKey(providerSlug: string, vendorId: string): string {
  return `${providerSlug}\n${vendorId}`;
}
