import { sql, type Kysely, type SelectQueryBuilder, type Selectable, type SqlBool } from 'kysely';
import type { EpochMs, IncidentUpdate, StoredIncident } from '../domain/index.ts';
import { batchesOf, groupBy } from './_batch.ts';
import { MATCH_END, MATCH_START, type IncidentKey } from './_dialect-queries.ts';
import { toIncidentUpdate, toStoredIncident } from './_rows.ts';
import {
  INCIDENT_COLUMNS,
  INCIDENT_UPDATE_COLUMNS,
  type Database,
  type IncidentRow,
} from './_schema.ts';
import type { IncidentQuery, SnippetPart } from './store.ts';

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
  // By (provider, incident) pairs: two IN lists (every provider × every id) made the planner
  // probe their cross product, 2 s per batch for a dashboard of 1,000 providers.
  for (const keys of batchesOf(rows, 2)) {
    const found = await db
      .selectFrom('incident_updates')
      .select(INCIDENT_UPDATE_COLUMNS)
      .where((eb) =>
        eb(
          eb.refTuple('provider_slug', 'incident_vendor_id'),
          'in',
          keys.map((r) => eb.tuple(r.provider_slug, r.vendor_id)),
        ),
      )
      .orderBy('position')
      .execute();
    const byIncident = groupBy(found, (u) => incidentKey(u.provider_slug, u.incident_vendor_id));
    for (const [key, group] of byIncident) updates.set(key, group.map(toIncidentUpdate));
  }
  return rows.map((r) =>
    toStoredIncident(r, updates.get(incidentKey(r.provider_slug, r.vendor_id)) ?? []),
  );
}

type IncidentSelect = SelectQueryBuilder<Database, 'incidents', Selectable<IncidentRow>>;

/** The `where` clauses of an incident listing (everything but order and paging). */
export function filterIncidents(select: IncidentSelect, query: IncidentQuery): IncidentSelect {
  let s = select;
  if (query.providerSlug !== undefined) s = s.where('provider_slug', '=', query.providerSlug);
  if (query.kind !== undefined) s = s.where('kind', '=', query.kind);
  if (query.since !== undefined) s = s.where(startedOrFirstSeen, '>=', query.since);
  if (query.until !== undefined) s = s.where(startedOrFirstSeen, '<', query.until);
  if (query.openOnly === true) s = s.where(isOpenIncident);
  if (query.impact === 'unknown') s = s.where('impact', 'is', null);
  else if (query.impact !== undefined) s = s.where('impact', '=', query.impact);
  if (query.status !== undefined) s = s.where('status', '=', query.status);
  if (query.includeTemplates !== true) s = s.where('is_template', '=', false);
  return s;
}

/** The incidents with these keys (with their updates), by `incidentKey`. */
export async function incidentsByKeys(
  db: Kysely<Database>,
  keys: readonly IncidentKey[],
): Promise<Map<string, StoredIncident>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('incidents')
    .select(INCIDENT_COLUMNS)
    .where((eb) =>
      eb.or(
        keys.map((k) =>
          eb.and([eb('provider_slug', '=', k.providerSlug), eb('vendor_id', '=', k.vendorId)]),
        ),
      ),
    )
    .execute();
  const incidents = await withUpdates(db, rows);
  return new Map(incidents.map((i) => [incidentKey(i.providerSlug, i.vendorId), i]));
}

/** A dialect's marked snippet → parts, with runs of whitespace collapsed. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`, 'g');
  let at = 0;
  for (const m of marked.matchAll(pattern)) {
    if (m.index > at) parts.push({ text: marked.slice(at, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    at = m.index + m[0].length;
  }
  if (at < marked.length) parts.push({ text: marked.slice(at), match: false });
  return parts
    .map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }))
    .filter((p) => p.text !== '');
}

// Another provider's updates may come back when vendor ids collide; the key keeps them apart.
export function incidentKey(providerSlug: string, vendorId: string): string {
  return `${providerSlug}\n${vendorId}`;
}

/** The newest time any stored incident shows (`serve --no-poll`: "data through …"). */
export async function newestDataTime(db: Kysely<Database>): Promise<EpochMs | null> {
  const update = await db
    .selectFrom('incident_updates as u')
    .innerJoin('incidents as i', (join) =>
      join
        .onRef('i.provider_slug', '=', 'u.provider_slug')
        .onRef('i.vendor_id', '=', 'u.incident_vendor_id'),
    )
    .where('i.is_template', '=', false)
    .select(sql<number | string | null>`max(coalesce(u.created_at, u.displayed_at))`.as('t'))
    .executeTakeFirst();
  const incident = await db
    .selectFrom('incidents')
    .where('is_template', '=', false)
    .select(
      sql<
        number | string | null
      >`max(coalesce(resolved_at, started_at, created_at, first_seen_at))`.as('t'),
    )
    .executeTakeFirst();
  // PostgreSQL returns bigint aggregates as strings.
  const times = [update?.t, incident?.t].filter((t) => t !== null && t !== undefined).map(Number);
  return times.length === 0 ? null : Math.max(...times);
}
