import type {
  Component,
  EpochMs,
  IngestEvent,
  Provider,
  ProviderStatus,
  SourceHealth,
  SourceFormat,
  StoredEvent,
  StoredIncident,
  IncidentKind,
  Impact,
  AnyIncidentStatus,
  IncidentAnalysis,
  ComponentStatus,
} from '../domain/index.ts';
import type { AlertStore, DeliveryDraft } from './alert-store.ts';

export type ComponentChange = Extract<StoredEvent, { kind: 'component_status_changed' }>;

/** Conditional-GET validators and the schedule kept per source. */
export interface SourceState {
  etag: string | null;
  lastModified: string | null;
  nextPollAt: EpochMs;
  health: SourceHealth;
}

/**
 * The slower history source beside a fast one: `incidents.json` (resolved incidents and
 * postmortems, which `summary.json` never lists), or `history.atom` where a page has none.
 */
export interface CompanionState {
  url: string;
  format: SourceFormat;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: EpochMs;
  /** null until its first success: that first window is backfill, not news. */
  lastSuccessAt: EpochMs | null;
  consecutiveFailures: number;
  lastErrorKind: string | null;
}

/** An open incident that left the open list, asked for alone until the vendor says how it ended. */
export interface FollowUp {
  incidentVendorId: string;
  /** When it was first missed from the open list. */
  since: EpochMs;
  attempts: number;
  nextAttemptAt: EpochMs;
}

export interface ProviderRecord {
  provider: Provider;
  source: SourceState;
  status: ProviderStatus;
  /** null for formats without a companion (feeds, cloud dashboards). */
  companion: CompanionState | null;
  followUps: FollowUp[];
}

/** Everything ingest needs to diff one snapshot against. */
export interface ProviderState extends ProviderRecord {
  /** null until a snapshot that lists components has been stored. */
  components: Component[] | null;
  /** The requested incidents that exist, plus every incident still open. */
  incidents: StoredIncident[];
  /** True until the first snapshot has been stored: its resolved incidents are backfill. */
  neverIngested: boolean;
}

/** One ingest step, written in a single transaction. */
export interface IngestWrite {
  providerSlug: string;
  /** Replaces the provider's component list when not null. */
  components: Component[] | null;
  /** Full records to upsert (updates included), keyed by (provider, vendorId). */
  incidents: StoredIncident[];
  /** Inserted once per idempotency key; repeats are ignored. */
  events: IngestEvent[];
  status: ProviderStatus;
  source: SourceState;
  /** Events from `statuswatch import`: stored, shown, never alerted. */
  imported: boolean;
  /** Written when given: the companion's state after this step. */
  companion?: CompanionState;
  /** Written when given: the follow-up list after this step. */
  followUps?: FollowUp[];
  /** A later step of the same poll follows: the provider stays leased to this poller. */
  keepLease?: boolean;
  /**
   * Picks the alert deliveries for the events this write inserts; they are written in the same
   * transaction (the outbox). Never called for imported writes or when nothing was inserted.
   */
  planDeliveries?: (events: StoredEvent[]) => DeliveryDraft[];
  /**
   * The own page's drafts raised (or given a proposed resolution) by the events this write
   * inserts, written in the same transaction: a vendor incident raises its draft exactly once,
   * whichever poller inserted the event. Never called for imported writes or when nothing was
   * inserted.
   */
  planPageDrafts?: (events: StoredEvent[]) => PageDraftChange[];
}

export interface IncidentQuery {
  providerSlug?: string;
  kind?: IncidentKind;
  /** Started (or first seen) at or after. */
  since?: EpochMs;
  until?: EpochMs;
  openOnly?: boolean;
  /** Only this impact; `unknown` picks incidents whose vendor gave none. */
  impact?: Impact | 'unknown';
  /** Only this (incident or maintenance) status. */
  status?: AnyIncidentStatus;
  includeTemplates?: boolean;
  limit?: number;
  offset?: number;
}

/** A piece of a search snippet; `match` marks the words the query found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  incident: StoredIncident;
  /** A short excerpt of the title, updates or postmortem around the matched words. */
  snippet: SnippetPart[];
}

/**
 * One page of a search, optionally narrowed to a provider and to incidents started (or first
 * seen) at or after `since` and before `until`, as `listIncidents` reads those bounds.
 */
export interface SearchRequest {
  limit: number;
  offset: number;
  providerSlug?: string;
  since?: EpochMs;
  until?: EpochMs;
}

/** A search counts its matches up to here, then says "1,000+" (`totalCapped`). */
export const SEARCH_COUNT_CAP = 1000;

/**
 * One page of search results, best match first. Past SEARCH_COUNT_CAP matches, `total` is the
 * cap, `totalCapped` is true, and the results are the first matches the index yields (about the
 * newest stored), newest first, unranked; narrowing by provider or date reaches the others.
 */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
  totalCapped: boolean;
}

/** One poll's bookkeeping when it brought nothing new: see `Store.recordSourceStates`. */
export interface SourceStateRecord {
  providerSlug: string;
  source: SourceState;
  /** The companion's state after a 304 or a failure in the same poll. */
  companion?: CompanionState;
}

/** A leased source, with what the poller needs to schedule it without another read. */
export type ClaimedSource = ProviderRecord;

/**
 * The narrow contract both databases implement. Add a method only when a caller needs it;
 * every method is covered by the contract suite in `test/support/store-contract/`.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Alert subscriptions and the delivery outbox, on the same database. */
  readonly alerts: AlertStore;
  close(): Promise<void>;

  /** Throws `conflict` when the slug exists. */
  addProvider(provider: Provider, now: EpochMs): Promise<void>;
  /** Removes the provider and everything stored for it. False when it did not exist. */
  removeProvider(slug: string): Promise<boolean>;
  getProvider(slug: string): Promise<ProviderRecord | null>;
  listProviders(): Promise<ProviderRecord[]>;

  loadProviderState(slug: string, incidentVendorIds: readonly string[]): Promise<ProviderState>;
  /** Returns the ids of events actually inserted (repeats excluded). */
  applyIngest(write: IngestWrite): Promise<number[]>;

  /**
   * Saves many sources' validators, schedule and health (and the companion's state, when
   * given) in one transaction, releasing their leases: the bookkeeping of polls that changed
   * nothing (304s), batched because one commit per poll would cost more than the poll.
   */
  recordSourceStates(states: readonly SourceStateRecord[]): Promise<void>;

  /** Saves the companion's state (a 304 or a failure) and keeps the provider leased. */
  recordCompanionState(providerSlug: string, companion: CompanionState): Promise<void>;

  /** Ends a poll that took several steps: the provider is free to be claimed again. */
  releaseLease(providerSlug: string): Promise<void>;

  /**
   * Leases up to `limit` sources whose next poll is due, so that several pollers can share the
   * work (PostgreSQL: `for update skip locked`). A lease expires by itself after `leaseMs`.
   */
  claimDueSources(
    now: EpochMs,
    limit: number,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedSource[]>;

  listIncidents(query: IncidentQuery): Promise<StoredIncident[]>;
  getIncident(providerSlug: string, vendorId: string): Promise<StoredIncident | null>;
  listEvents(afterId: number, limit: number): Promise<StoredEvent[]>;
  /**
   * A provider's component status changes that happened (else were detected) at or after
   * `since`, oldest first: the per-component day bars.
   */
  listComponentChanges(providerSlug: string, since: EpochMs): Promise<ComponentChange[]>;

  /**
   * Refreshes the query planner's statistics, after a bulk write such as an import: without
   * them PostgreSQL plans every incidents page and search as if the tables were empty.
   */
  analyze(): Promise<void>;

  /** Full-text search over titles, update bodies and postmortems (FTS5 / tsvector). */
  searchIncidents(q: string, page: SearchRequest): Promise<SearchPage>;

  /**
   * The newest time the stored history speaks of: the latest update (posted or displayed) or
   * incident time (resolved, started, created, else first seen); null when nothing is stored.
   * Templates are left out. For `serve --no-poll`'s "data through" line.
   */
  newestDataTime(): Promise<EpochMs | null>;

  /** Up to `limit` incidents never analysed, or analysed by a version below `version`. */
  listIncidentsToAnalyse(version: number, limit: number): Promise<StoredIncident[]>;
  /** Stores analyses, changing nothing else of the incidents (`lastChangedAt` included). */
  saveIncidentAnalyses(items: readonly IncidentAnalysisWrite[]): Promise<void>;
  /** The stored analyses of these incidents, keyed by "provider\nvendorId"; absent when none. */
  getIncidentAnalyses(keys: readonly IncidentKeyRef[]): Promise<Map<string, IncidentAnalysis>>;

  /**
   * The own page's drafted postmortem of an incident, null when none. Drafts are kept apart
   * from incidents so that no public read (APIs, pages, search, feeds, alerts) can show them.
   */
  getPostmortemDraft(key: IncidentKeyRef): Promise<PostmortemDraft | null>;
  /** Saves or replaces the draft of a stored incident. */
  savePostmortemDraft(draft: PostmortemDraft): Promise<void>;
  deletePostmortemDraft(key: IncidentKeyRef): Promise<void>;

  /** The own page's incident drafts raised by vendor incidents, newest first. */
  listPageDrafts(pageSlug: string): Promise<PageIncidentDraft[]>;
  getPageDraft(id: number): Promise<PageIncidentDraft | null>;
  /**
   * Moves a draft from state `from` to `to.state` (compare-and-set, one statement): false when
   * it was not in `from`, so two operators or nodes never both publish or close it.
   */
  movePageDraft(id: number, from: PageDraftState, to: PageDraftMove): Promise<boolean>;
}

export interface IncidentKeyRef {
  providerSlug: string;
  vendorId: string;
}

export interface PostmortemDraft extends IncidentKeyRef {
  bodyHtml: string;
  bodyText: string;
  draftedAt: EpochMs;
}

export const PAGE_DRAFT_STATES = ['draft', 'published', 'discarded', 'closed'] as const;
/** draft → published → closed (resolution accepted); draft → discarded, or closed. */
export type PageDraftState = (typeof PAGE_DRAFT_STATES)[number];

/** An incident drafted on the own page because a vendor incident affects a dependency. */
export interface NewPageIncidentDraft {
  pageSlug: string;
  /** The vendor incident that raised it (provider slug and the vendor's incident id). */
  vendor: IncidentKeyRef;
  vendorName: string;
  vendorTitle: string;
  vendorUrl: string | null;
  title: string;
  body: string;
  impact: Impact;
  /** Our component id → the status publishing gives it. */
  components: Record<string, ComponentStatus>;
  autoPublish: boolean;
  raisedAt: EpochMs;
}

export interface PageIncidentDraft extends NewPageIncidentDraft {
  id: number;
  state: PageDraftState;
  /** Our incident once published. */
  incidentCode: string | null;
  publishedAt: EpochMs | null;
  /** Set when the vendor resolves: what accepting it posts. */
  resolution: { proposedAt: EpochMs; body: string } | null;
  closedAt: EpochMs | null;
}

export interface PageDraftMove {
  state: PageDraftState;
  incidentCode?: string;
  at: EpochMs;
}

/** What one ingest write does to the drafts table (see `IngestWrite.planPageDrafts`). */
export type PageDraftChange =
  | { kind: 'raise'; draft: NewPageIncidentDraft }
  | {
      kind: 'propose_resolution';
      vendor: IncidentKeyRef;
      proposedAt: EpochMs;
      body: string;
    }
  | { kind: 'withdraw_resolution'; vendor: IncidentKeyRef };

export interface IncidentAnalysisWrite extends IncidentKeyRef {
  analysis: IncidentAnalysis;
}
