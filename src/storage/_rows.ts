import type { Insertable, Selectable, SqlBool } from 'kysely';
import { epochFrom, type EpochMs } from '../domain/index.ts';
import type {
  AffectedComponent,
  Anomaly,
  AnyIncidentStatus,
  Component,
  ComponentStatus,
  Impact,
  IncidentKind,
  IncidentUpdate,
  IngestEvent,
  Provider,
  ProviderStatus,
  SourceFormat,
  StoredEvent,
  StoredIncident,
} from '../domain/index.ts';
import { companionFor } from '../domain/index.ts';
import type { CompanionState, FollowUp, ProviderRecord, SourceState } from './store.ts';
import type {
  ComponentRow,
  EventRow,
  IncidentRow,
  IncidentUpdateRow,
  ProviderRow,
} from './_schema.ts';

/** SQLite reads booleans back as 0 and 1 (its store binds written booleans as such). */
export function fromDbBool(value: SqlBool): boolean {
  return value === true || value === 1;
}

// Values read back are the ones we wrote from the closed vocabularies, hence the plain casts.

/** A new provider: due at once, healthy, never ingested. */
export function providerToRow(provider: Provider, now: number): Insertable<ProviderRow> {
  return {
    slug: provider.slug,
    name: provider.name,
    page_url: provider.pageUrl,
    source_url: provider.sourceUrl,
    format: provider.format,
    poll_interval_ms: provider.poll.intervalMs,
    open_incident_interval_ms: provider.poll.openIncidentIntervalMs,
    created_at: provider.createdAt,
    status: 'unknown',
    next_poll_at: now,
    consecutive_failures: 0,
    ingested: false,
    components_listed: false,
    ...companionToRow(initialCompanion(provider, now)),
    ...followUpsToRow([]),
  };
}

/** A new provider's companion: due with its first poll, which backfills recent history. */
function initialCompanion(provider: Provider, now: number): CompanionState | null {
  const source = companionFor(provider);
  if (source === null) return null;
  return {
    ...source,
    etag: null,
    lastModified: null,
    nextPollAt: now,
    lastSuccessAt: null,
    consecutiveFailures: 0,
    lastErrorKind: null,
  };
}

export function companionToRow(companion: CompanionState | null) {
  return {
    companion_url: companion?.url ?? null,
    companion_format: companion?.format ?? null,
    companion_etag: companion?.etag ?? null,
    companion_last_modified: companion?.lastModified ?? null,
    companion_next_poll_at: companion?.nextPollAt ?? null,
    companion_last_success_at: companion?.lastSuccessAt ?? null,
    companion_failures: companion?.consecutiveFailures ?? 0,
    companion_last_error_kind: companion?.lastErrorKind ?? null,
  } satisfies Partial<ProviderRow>;
}

export function followUpsToRow(followUps: readonly FollowUp[]) {
  return { follow_ups_json: JSON.stringify(followUps) } satisfies Partial<ProviderRow>;
}

function toCompanion(row: Selectable<ProviderRow>): CompanionState | null {
  if (row.companion_url === null || row.companion_format === null) return null;
  return {
    url: row.companion_url,
    format: row.companion_format as SourceFormat,
    etag: row.companion_etag,
    lastModified: row.companion_last_modified,
    nextPollAt: row.companion_next_poll_at ?? 0,
    lastSuccessAt: row.companion_last_success_at,
    consecutiveFailures: row.companion_failures,
    lastErrorKind: row.companion_last_error_kind,
  };
}

export function sourceStateToRow(source: SourceState) {
  return {
    etag: source.etag,
    last_modified: source.lastModified,
    next_poll_at: source.nextPollAt,
    last_success_at: source.health.lastSuccessAt,
    last_error_at: source.health.lastErrorAt,
    last_error_kind: source.health.lastErrorKind,
    last_error_message: source.health.lastErrorMessage,
    consecutive_failures: source.health.consecutiveFailures,
    health_changed_at: source.health.lastChangeAt,
  } satisfies Partial<ProviderRow>;
}

export function toProvider(row: Selectable<ProviderRow>): Provider {
  return {
    slug: row.slug,
    name: row.name,
    pageUrl: row.page_url,
    sourceUrl: row.source_url,
    format: row.format as SourceFormat,
    poll: {
      intervalMs: row.poll_interval_ms,
      openIncidentIntervalMs: row.open_incident_interval_ms,
    },
    createdAt: row.created_at,
  };
}

export function toSourceState(row: Selectable<ProviderRow>): SourceState {
  return {
    etag: row.etag,
    lastModified: row.last_modified,
    nextPollAt: row.next_poll_at,
    health: {
      lastSuccessAt: row.last_success_at,
      lastErrorAt: row.last_error_at,
      lastErrorKind: row.last_error_kind,
      lastErrorMessage: row.last_error_message,
      consecutiveFailures: row.consecutive_failures,
      lastChangeAt: row.health_changed_at,
    },
  };
}

export function toProviderRecord(row: Selectable<ProviderRow>): ProviderRecord {
  return {
    provider: toProvider(row),
    source: toSourceState(row),
    status: row.status as ProviderStatus,
    companion: toCompanion(row),
    followUps: JSON.parse(row.follow_ups_json) as FollowUp[],
  };
}

export function componentToRow(providerSlug: string, c: Component): ComponentRow {
  return {
    provider_slug: providerSlug,
    vendor_id: c.vendorId,
    name: c.name,
    group_name: c.groupName,
    status: c.status,
    position: c.position,
  };
}

export function toComponent(row: Selectable<ComponentRow>): Component {
  return {
    vendorId: row.vendor_id,
    name: row.name,
    groupName: row.group_name,
    status: row.status as ComponentStatus,
    position: row.position,
  };
}

export function incidentToRow(i: StoredIncident): IncidentRow {
  return {
    provider_slug: i.providerSlug,
    vendor_id: i.vendorId,
    title: i.title,
    kind: i.kind,
    impact: i.impact,
    status: i.status,
    created_at: i.createdAt,
    started_at: i.startedAt,
    monitoring_at: i.monitoringAt,
    resolved_at: i.resolvedAt,
    scheduled_for: i.scheduledFor,
    scheduled_until: i.scheduledUntil,
    url: i.url,
    shortlink: i.shortlink,
    components_json: JSON.stringify(i.components),
    postmortem_body_html: i.postmortem?.bodyHtml ?? null,
    postmortem_body_text: i.postmortem?.bodyText ?? null,
    postmortem_published_at: i.postmortem?.publishedAt ?? null,
    is_template: i.isTemplate,
    first_seen_at: i.firstSeenAt,
    backfilled: i.backfilled,
    last_changed_at: i.lastChangedAt,
    previous_titles_json: JSON.stringify(i.previousTitles),
    ingest_anomalies_json: JSON.stringify(i.ingestAnomalies),
    update_count: i.updates.length,
    // An incident written without its analysis loses the old one: its text may have changed.
    analysis_json: i.analysis === undefined ? null : JSON.stringify(i.analysis),
    analysis_version: i.analysis?.analysisVersion ?? null,
  };
}

export function toStoredIncident(
  row: Selectable<IncidentRow>,
  updates: IncidentUpdate[],
): StoredIncident {
  return {
    providerSlug: row.provider_slug,
    vendorId: row.vendor_id,
    title: row.title,
    kind: row.kind as IncidentKind,
    impact: row.impact as Impact | null,
    status: row.status as AnyIncidentStatus,
    createdAt: storedTime(row.created_at),
    startedAt: storedTime(row.started_at),
    monitoringAt: storedTime(row.monitoring_at),
    resolvedAt: storedTime(row.resolved_at),
    scheduledFor: storedTime(row.scheduled_for),
    scheduledUntil: storedTime(row.scheduled_until),
    url: row.url,
    shortlink: row.shortlink,
    components: JSON.parse(row.components_json) as AffectedComponent[],
    updates,
    postmortem:
      row.postmortem_body_html === null
        ? null
        : {
            bodyHtml: row.postmortem_body_html,
            bodyText: row.postmortem_body_text ?? '',
            publishedAt: storedTime(row.postmortem_published_at),
          },
    isTemplate: fromDbBool(row.is_template),
    firstSeenAt: row.first_seen_at,
    backfilled: fromDbBool(row.backfilled),
    lastChangedAt: row.last_changed_at,
    previousTitles: JSON.parse(row.previous_titles_json) as string[],
    ingestAnomalies: JSON.parse(row.ingest_anomalies_json) as Anomaly[],
  };
}

export function updatesToRows(i: StoredIncident): IncidentUpdateRow[] {
  return i.updates.map((u, position) => ({
    provider_slug: i.providerSlug,
    incident_vendor_id: i.vendorId,
    vendor_id: u.vendorId,
    position,
    status: u.status,
    label: u.label,
    body_html: u.bodyHtml,
    body_text: u.bodyText,
    displayed_at: u.displayedAt,
    created_at: u.createdAt,
    affected_components_json: JSON.stringify(u.affectedComponents),
  }));
}

export function toIncidentUpdate(row: Selectable<IncidentUpdateRow>): IncidentUpdate {
  return {
    vendorId: row.vendor_id,
    status: row.status as AnyIncidentStatus,
    label: row.label,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    displayedAt: storedTime(row.displayed_at),
    createdAt: storedTime(row.created_at),
    affectedComponents: JSON.parse(row.affected_components_json) as AffectedComponent[],
  };
}

export function eventToRow(e: IngestEvent, imported: boolean): Insertable<EventRow> {
  return {
    idempotency_key: e.idempotencyKey,
    provider_slug: e.providerSlug,
    incident_vendor_id: 'incidentVendorId' in e ? e.incidentVendorId : null,
    kind: e.kind,
    occurred_at: e.occurredAt,
    detected_at: e.detectedAt,
    imported,
    payload_json: JSON.stringify(e),
  };
}

export function toStoredEvent(row: Selectable<EventRow>): StoredEvent {
  const event = JSON.parse(row.payload_json) as IngestEvent;
  const occurredAt = storedTime(event.occurredAt);
  return { ...event, occurredAt, id: row.id, imported: fromDbBool(row.imported) };
}

/**
 * Times read back pass the same range check as at the source boundary: a value stored by an
 * older version (an AWS `date` of 1e13 seconds, a NaN year stored as NULL or garbage) reads as
 * unknown instead of an invalid Date that would fail every page listing it.
 */
function storedTime(value: number | string | null | undefined): EpochMs | null {
  return value == null ? null : epochFrom(Number(value));
}
