import { sql, type Kysely, type Selectable } from 'kysely';
import {
  StatuswatchError,
  type EpochMs,
  type Provider,
  type StoredEvent,
  type StoredIncident,
  type IncidentAnalysis,
} from '../domain/index.ts';
import { batchesOf } from './_batch.ts';
import { searchWords, type DialectQueries } from './_dialect-queries.ts';
import {
  filterIncidents,
  incidentKey,
  incidentsByKeys,
  isOpenIncident,
  newestDataTime,
  snippetParts,
  startedOrFirstSeen,
  withUpdates,
} from './_incident-reads.ts';
import { insertEvents, replaceComponents, writeIncidents } from './_incident-writes.ts';
import { insertPlannedDeliveries } from './_alert-queries.ts';
import type { AlertStore } from './alert-store.ts';
import { KyselyAlertStore } from './kysely-alert-store.ts';
import {
  companionToRow,
  followUpsToRow,
  fromDbBool,
  providerToRow,
  sourceStateToRow,
  toComponent,
  toProviderRecord,
  toStoredEvent,
} from './_rows.ts';
import { INCIDENT_COLUMNS, type Database, type IncidentRow } from './_schema.ts';
import { analysesOf, incidentsToAnalyse, saveAnalyses } from './_analysis-queries.ts';
import { deleteDraft, draftOf, saveDraft } from './_draft-queries.ts';
import {
  applyPageDraftChanges,
  movePageDraft,
  pageDraftById,
  pageDraftsOf,
} from './_page-draft-queries.ts';
import {
  SEARCH_COUNT_CAP,
  type ClaimedSource,
  type ComponentChange,
  type CompanionState,
  type IncidentAnalysisWrite,
  type IncidentKeyRef,
  type IncidentQuery,
  type IngestWrite,
  type PageDraftMove,
  type PageDraftState,
  type PageIncidentDraft,
  type PostmortemDraft,
  type ProviderRecord,
  type ProviderState,
  type SearchPage,
  type SearchRequest,
  type SourceStateRecord,
  type Store,
} from './store.ts';

/** The Store on Kysely; the statements that differ per dialect come in `queries`. */
export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly alerts: AlertStore;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly queries: DialectQueries,
  ) {
    this.dialect = queries.dialect;
    this.alerts = new KyselyAlertStore(db, queries);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  async addProvider(provider: Provider, now: EpochMs): Promise<void> {
    const inserted = await this.db
      .insertInto('providers')
      .values(providerToRow(provider, now))
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('slug')
      .executeTakeFirst();
    if (!inserted) {
      throw new StatuswatchError('conflict', `a provider with slug "${provider.slug}" exists`);
    }
  }

  async removeProvider(slug: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('providers')
      .where('slug', '=', slug)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async getProvider(slug: string): Promise<ProviderRecord | null> {
    const row = await this.db
      .selectFrom('providers')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row ? toProviderRecord(row) : null;
  }

  async listProviders(): Promise<ProviderRecord[]> {
    const rows = await this.db.selectFrom('providers').selectAll().orderBy('slug').execute();
    return rows.map(toProviderRecord);
  }

  async loadProviderState(
    slug: string,
    incidentVendorIds: readonly string[],
  ): Promise<ProviderState> {
    const row = await this.db
      .selectFrom('providers')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!row) throw new StatuswatchError('not_found', `no provider with slug "${slug}"`);
    const components = fromDbBool(row.components_listed)
      ? (
          await this.db
            .selectFrom('components')
            .selectAll()
            .where('provider_slug', '=', slug)
            .orderBy('position')
            .execute()
        ).map(toComponent)
      : null;
    return {
      ...toProviderRecord(row),
      components,
      incidents: await this.requestedAndOpenIncidents(slug, incidentVendorIds),
      neverIngested: !fromDbBool(row.ingested),
    };
  }

  async applyIngest(write: IngestWrite): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      const listed = write.components !== null;
      // A write that only records a failed (or 304) poll carries no snapshot content: counting it
      // as the first ingest would turn the next snapshot's resolved history into news.
      const carriesSnapshot = listed || write.incidents.length > 0;
      const updated = await trx
        .updateTable('providers')
        .set({
          ...sourceStateToRow(write.source),
          status: write.status,
          ...(write.companion ? companionToRow(write.companion) : {}),
          ...(write.followUps ? followUpsToRow(write.followUps) : {}),
          // An import runs beside the poller: the poller's lease is not the import's to release.
          // A step of a poll that goes on keeps it until the poll's last step.
          ...(write.imported || write.keepLease === true
            ? {}
            : { lease_owner: null, lease_until: null }),
          ...(carriesSnapshot ? { ingested: true } : {}),
          ...(listed ? { components_listed: true } : {}),
        })
        .where('slug', '=', write.providerSlug)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        throw new StatuswatchError('not_found', `no provider with slug "${write.providerSlug}"`);
      }
      if (write.components) await replaceComponents(trx, write.providerSlug, write.components);
      await writeIncidents(trx, write.incidents, this.queries);
      const ids = await insertEvents(trx, this.queries, write.events, write.imported);
      // The outbox: deliveries commit with their events, or neither does.
      if (write.planDeliveries && !write.imported && ids.length > 0) {
        await insertPlannedDeliveries(trx, this.queries, ids, write.planDeliveries);
      }
      // The own page's drafts raised by these events: with them, or not at all.
      if (write.planPageDrafts && !write.imported && ids.length > 0) {
        await applyPageDraftChanges(trx, ids, write.planPageDrafts);
      }
      return ids;
    });
  }

  async recordSourceStates(states: readonly SourceStateRecord[]): Promise<void> {
    const [only, ...more] = states;
    if (only === undefined) return;
    // One state is one statement: a transaction around it would only add two.
    if (more.length === 0) return recordSourceState(this.db, only);
    await this.db.transaction().execute(async (trx) => {
      for (const state of states) await recordSourceState(trx, state);
    });
  }

  async recordCompanionState(providerSlug: string, companion: CompanionState): Promise<void> {
    await this.db
      .updateTable('providers')
      .set(companionToRow(companion))
      .where('slug', '=', providerSlug)
      .execute();
  }

  async releaseLease(providerSlug: string): Promise<void> {
    await this.db
      .updateTable('providers')
      .set({ lease_owner: null, lease_until: null })
      .where('slug', '=', providerSlug)
      .execute();
  }

  async claimDueSources(
    now: EpochMs,
    limit: number,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedSource[]> {
    if (limit <= 0) return [];
    const rows = await this.queries.claimDue(this.db, { now, limit, owner, leaseMs });
    return rows
      .sort((a, b) => a.next_poll_at - b.next_poll_at || a.slug.localeCompare(b.slug))
      .map(toProviderRecord);
  }

  async listIncidents(query: IncidentQuery): Promise<StoredIncident[]> {
    let select = filterIncidents(this.db.selectFrom('incidents').select(INCIDENT_COLUMNS), query);
    select = select
      .orderBy(startedOrFirstSeen, 'desc')
      .orderBy('first_seen_at', 'desc')
      .orderBy('provider_slug')
      .orderBy('vendor_id');
    if (query.limit !== undefined || query.offset !== undefined) {
      // SQLite accepts OFFSET only after a LIMIT.
      select = select.limit(query.limit ?? Number.MAX_SAFE_INTEGER).offset(query.offset ?? 0);
    }
    return withUpdates(this.db, await select.execute());
  }

  async getIncident(providerSlug: string, vendorId: string): Promise<StoredIncident | null> {
    const row = await this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .where('provider_slug', '=', providerSlug)
      .where('vendor_id', '=', vendorId)
      .executeTakeFirst();
    if (!row) return null;
    const [incident] = await withUpdates(this.db, [row]);
    return incident ?? null;
  }

  async listEvents(afterId: number, limit: number): Promise<StoredEvent[]> {
    // Every event visible here was committed after every smaller id's writer ended
    // (`DialectQueries.lockEventIds`), so no filter is needed to keep the cursor from a gap.
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toStoredEvent);
  }

  async analyze(): Promise<void> {
    // SQLite: a sample of 1,000 rows per index is enough for its planner, and takes ms, not s.
    if (this.dialect === 'sqlite') await sql`pragma analysis_limit = 1000`.execute(this.db);
    await sql`analyze`.execute(this.db);
  }

  async listComponentChanges(providerSlug: string, since: EpochMs): Promise<ComponentChange[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('provider_slug', '=', providerSlug)
      .where('kind', '=', 'component_status_changed')
      .where((eb) => eb(eb.fn.coalesce('occurred_at', 'detected_at'), '>=', since))
      .orderBy('id')
      .execute();
    return rows
      .map(toStoredEvent)
      .filter((e): e is ComponentChange => e.kind === 'component_status_changed');
  }

  async searchIncidents(q: string, page: SearchRequest): Promise<SearchPage> {
    const words = searchWords(q);
    if (words.length === 0 || page.limit <= 0) return { hits: [], total: 0, totalCapped: false };
    const found = await this.queries.searchIncidents(this.db, words, page);
    const incidents = await incidentsByKeys(this.db, found.hits);
    const hits = found.hits.flatMap((hit) => {
      const incident = incidents.get(incidentKey(hit.providerSlug, hit.vendorId));
      return incident ? [{ incident, snippet: snippetParts(hit.snippet) }] : [];
    });
    const totalCapped = found.total > SEARCH_COUNT_CAP;
    return { hits, total: totalCapped ? SEARCH_COUNT_CAP : found.total, totalCapped };
  }

  newestDataTime(): Promise<EpochMs | null> {
    return newestDataTime(this.db);
  }

  listIncidentsToAnalyse(version: number, limit: number): Promise<StoredIncident[]> {
    return incidentsToAnalyse(this.db, version, limit);
  }

  saveIncidentAnalyses(items: readonly IncidentAnalysisWrite[]): Promise<void> {
    return saveAnalyses(this.db, items);
  }

  getIncidentAnalyses(keys: readonly IncidentKeyRef[]): Promise<Map<string, IncidentAnalysis>> {
    return analysesOf(this.db, keys);
  }

  getPostmortemDraft(key: IncidentKeyRef): Promise<PostmortemDraft | null> {
    return draftOf(this.db, key);
  }

  savePostmortemDraft(draft: PostmortemDraft): Promise<void> {
    return saveDraft(this.db, draft);
  }

  deletePostmortemDraft(key: IncidentKeyRef): Promise<void> {
    return deleteDraft(this.db, key);
  }

  listPageDrafts(pageSlug: string): Promise<PageIncidentDraft[]> {
    return pageDraftsOf(this.db, pageSlug);
  }

  getPageDraft(id: number): Promise<PageIncidentDraft | null> {
    return pageDraftById(this.db, id);
  }

  movePageDraft(id: number, from: PageDraftState, to: PageDraftMove): Promise<boolean> {
    return movePageDraft(this.db, id, from, to);
  }

  // --- internal ---

  /** The requested incidents plus every open one: one query per 10k requested ids. */
  private async requestedAndOpenIncidents(
    slug: string,
    vendorIds: readonly string[],
  ): Promise<StoredIncident[]> {
    const ofProvider = this.db
      .selectFrom('incidents')
      .select(INCIDENT_COLUMNS)
      .where('provider_slug', '=', slug);
    const open = ofProvider.where(isOpenIncident);
    const [first, ...rest] = batchesOf(vendorIds, 1);
    // union, not `or`: two index lookups (primary key, partial "open" index), not a scan.
    const queries =
      first === undefined
        ? [open]
        : [
            ofProvider.where('vendor_id', 'in', first).union(open),
            ...rest.map((ids) => ofProvider.where('vendor_id', 'in', ids)),
          ];
    const rows = new Map<string, Selectable<IncidentRow>>();
    for (const query of queries) {
      for (const row of await query.execute()) rows.set(row.vendor_id, row);
    }
    return withUpdates(this.db, [...rows.values()]);
  }
}

/** A poll's bookkeeping: source (and companion) state saved, lease ended. */
async function recordSourceState(
  db: Kysely<Database>,
  { providerSlug, source, companion }: SourceStateRecord,
): Promise<void> {
  await db
    .updateTable('providers')
    .set({
      ...sourceStateToRow(source),
      ...(companion === undefined ? {} : companionToRow(companion)),
      lease_owner: null,
      lease_until: null,
    })
    .where('slug', '=', providerSlug)
    .execute();
}
