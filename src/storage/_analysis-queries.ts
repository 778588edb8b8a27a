import type { Kysely } from 'kysely';
import type { IncidentAnalysis, StoredIncident } from '../domain/index.ts';
import { batchesOf, groupBy } from './_batch.ts';
import { incidentKey, withUpdates } from './_incident-reads.ts';
import { INCIDENT_COLUMNS, type Database } from './_schema.ts';
import type { IncidentAnalysisWrite, IncidentKeyRef } from './store.ts';

/** Never analysed, or analysed by an older parser: what `statuswatch reanalyse` works through. */
export async function incidentsToAnalyse(
  db: Kysely<Database>,
  version: number,
  limit: number,
): Promise<StoredIncident[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(INCIDENT_COLUMNS)
    .where((eb) =>
      eb.or([eb('analysis_version', 'is', null), eb('analysis_version', '<', version)]),
    )
    .orderBy('provider_slug')
    .orderBy('vendor_id')
    .limit(limit)
    .execute();
  return withUpdates(db, rows);
}

/** Sets the analysis columns only: an analysis is not a change of the incident. */
export async function saveAnalyses(
  db: Kysely<Database>,
  items: readonly IncidentAnalysisWrite[],
): Promise<void> {
  if (items.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const item of items) {
      await trx
        .updateTable('incidents')
        .set({
          analysis_json: JSON.stringify(item.analysis),
          analysis_version: item.analysis.analysisVersion,
        })
        .where('provider_slug', '=', item.providerSlug)
        .where('vendor_id', '=', item.vendorId)
        .execute();
    }
  });
}

/** Stored analyses keyed by `incidentKey`; an incident without one is absent from the map. */
export async function analysesOf(
  db: Kysely<Database>,
  keys: readonly IncidentKeyRef[],
): Promise<Map<string, IncidentAnalysis>> {
  const out = new Map<string, IncidentAnalysis>();
  for (const [providerSlug, group] of groupBy(keys, (k) => k.providerSlug)) {
    for (const ids of batchesOf(
      group.map((k) => k.vendorId),
      1,
    )) {
      const rows = await db
        .selectFrom('incidents')
        .select(['provider_slug', 'vendor_id', 'analysis_json'])
        .where('provider_slug', '=', providerSlug)
        .where('vendor_id', 'in', ids)
        .where('analysis_json', 'is not', null)
        .execute();
      for (const r of rows) {
        if (r.analysis_json === null) continue;
        out.set(
          incidentKey(r.provider_slug, r.vendor_id),
          JSON.parse(r.analysis_json) as IncidentAnalysis,
        );
      }
    }
  }
  return out;
}
