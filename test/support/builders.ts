import type {
  Component,
  IncidentUpdate,
  IngestEvent,
  Provider,
  StoredIncident,
} from '../../src/domain/index.ts';
import type { CompanionState, IngestWrite, SourceState } from '../../src/storage/store.ts';

/** A fixed "now" for tests: 2025-01-15T12:00:00Z. */
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

export function makeProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    slug: 'acme',
    name: 'Acme Cloud',
    pageUrl: 'https://status.acme.test/',
    sourceUrl: 'https://status.acme.test/api/v2/summary.json',
    format: 'statuspage-v2',
    poll: { intervalMs: 5 * MINUTE, openIncidentIntervalMs: MINUTE },
    createdAt: T0,
    ...overrides,
  };
}

export function makeComponent(overrides: Partial<Component> = {}): Component {
  return {
    vendorId: 'cmp-api',
    name: 'API',
    groupName: null,
    status: 'operational',
    position: 0,
    ...overrides,
  };
}

export function makeUpdate(overrides: Partial<IncidentUpdate> = {}): IncidentUpdate {
  return {
    vendorId: 'upd-1',
    status: 'investigating',
    label: null,
    bodyHtml: '<p>We are investigating elevated error rates.</p>',
    bodyText: 'We are investigating elevated error rates.',
    displayedAt: T0,
    createdAt: T0,
    affectedComponents: [],
    ...overrides,
  };
}

/** An open incident first seen at T0, with one update. */
export function makeIncident(overrides: Partial<StoredIncident> = {}): StoredIncident {
  return {
    providerSlug: 'acme',
    vendorId: 'inc-1',
    title: 'Elevated error rates',
    kind: 'incident',
    impact: 'minor',
    status: 'investigating',
    createdAt: T0,
    startedAt: T0,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    url: 'https://status.acme.test/incidents/inc-1',
    shortlink: null,
    components: [],
    updates: [makeUpdate()],
    postmortem: null,
    isTemplate: false,
    firstSeenAt: T0,
    backfilled: false,
    lastChangedAt: T0,
    previousTitles: [],
    ingestAnomalies: [],
    ...overrides,
  };
}

type IncidentOpened = Extract<IngestEvent, { kind: 'incident_opened' | 'maintenance_scheduled' }>;

/** An `incident_opened` event; the idempotency key follows provider, kind and incident. */
export function makeEvent(overrides: Partial<IncidentOpened> = {}): IngestEvent {
  const event: IncidentOpened = {
    kind: 'incident_opened',
    idempotencyKey: '',
    providerSlug: 'acme',
    incidentVendorId: 'inc-1',
    title: 'Elevated error rates',
    impact: 'minor',
    status: 'investigating',
    updateVendorId: 'upd-1',
    occurredAt: T0,
    detectedAt: T0,
    ...overrides,
  };
  const key = `${event.providerSlug}:${event.kind}:${event.incidentVendorId}`;
  return { ...event, idempotencyKey: overrides.idempotencyKey ?? key };
}

/** Healthy, no validators, next poll in five minutes. */
export function makeSourceState(overrides: Partial<SourceState> = {}): SourceState {
  return {
    etag: null,
    lastModified: null,
    nextPollAt: T0 + 5 * MINUTE,
    health: {
      lastSuccessAt: T0,
      lastErrorAt: null,
      lastErrorKind: null,
      lastErrorMessage: null,
      consecutiveFailures: 0,
      lastChangeAt: null,
    },
    ...overrides,
  };
}

/** An ingest step for `acme` that writes nothing but the source state. */
export function makeIngestWrite(overrides: Partial<IngestWrite> = {}): IngestWrite {
  return {
    providerSlug: 'acme',
    components: null,
    incidents: [],
    events: [],
    status: 'operational',
    source: makeSourceState(),
    imported: false,
    ...overrides,
  };
}

/** The companion a `makeProvider()` gets: its summary URL with incidents.json. */
export function makeCompanion(overrides: Partial<CompanionState> = {}): CompanionState {
  return {
    url: 'https://status.acme.test/api/v2/incidents.json',
    format: 'statuspage-v2',
    etag: null,
    lastModified: null,
    nextPollAt: T0,
    lastSuccessAt: null,
    consecutiveFailures: 0,
    lastErrorKind: null,
    ...overrides,
  };
}
