import type { Generated, SqlBool } from 'kysely';
import type { AlertTables } from './_alert-schema.ts';

/**
 * Row types of the tables created by `migrations/*\/0001_init.sql`, for Kysely. Times are epoch
 * ms; booleans read back as 0/1 on SQLite and true/false on PostgreSQL, hence `SqlBool`.
 */
export interface Database extends AlertTables {
  providers: ProviderRow;
  components: ComponentRow;
  incidents: IncidentRow;
  incident_updates: IncidentUpdateRow;
  events: EventRow;
  postmortem_drafts: PostmortemDraftRow;
  page_incident_drafts: PageIncidentDraftRow;
  page_subscribers: PageSubscriberRow;
}

export interface ProviderRow {
  slug: string;
  name: string;
  page_url: string;
  source_url: string;
  format: string;
  poll_interval_ms: number;
  open_incident_interval_ms: number;
  created_at: number;
  status: string;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_success_at: number | null;
  last_error_at: number | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  consecutive_failures: number;
  health_changed_at: number | null;
  ingested: SqlBool;
  components_listed: SqlBool;
  companion_url: string | null;
  companion_format: string | null;
  companion_etag: string | null;
  companion_last_modified: string | null;
  companion_next_poll_at: number | null;
  companion_last_success_at: number | null;
  companion_failures: number;
  companion_last_error_kind: string | null;
  follow_ups_json: string;
}

export interface ComponentRow {
  provider_slug: string;
  vendor_id: string;
  name: string;
  group_name: string | null;
  status: string;
  position: number;
}

export interface IncidentRow {
  provider_slug: string;
  vendor_id: string;
  title: string;
  kind: string;
  impact: string | null;
  status: string;
  created_at: number | null;
  started_at: number | null;
  monitoring_at: number | null;
  resolved_at: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
  url: string | null;
  shortlink: string | null;
  components_json: string;
  postmortem_body_html: string | null;
  postmortem_body_text: string | null;
  postmortem_published_at: number | null;
  is_template: SqlBool;
  first_seen_at: number;
  backfilled: SqlBool;
  last_changed_at: number;
  previous_titles_json: string;
  ingest_anomalies_json: string;
  update_count: number;
  /** IncidentAnalysis as JSON; null until analysed, and again after each ingest write. */
  analysis_json: string | null;
  analysis_version: number | null;
}

export interface IncidentUpdateRow {
  provider_slug: string;
  incident_vendor_id: string;
  vendor_id: string;
  position: number;
  status: string;
  label: string | null;
  body_html: string;
  body_text: string;
  displayed_at: number | null;
  created_at: number | null;
  affected_components_json: string;
}

export interface EventRow {
  id: Generated<number>;
  idempotency_key: string;
  provider_slug: string;
  incident_vendor_id: string | null;
  kind: string;
  occurred_at: number | null;
  detected_at: number;
  imported: SqlBool;
  payload_json: string;
}

/** The own page's unpublished postmortems (0008): never read by anything public. */
export interface PostmortemDraftRow {
  provider_slug: string;
  incident_vendor_id: string;
  body_html: string;
  body_text: string;
  drafted_at: number;
}

/** `migrations/*\/0010_page_incident_drafts.sql`: own-page incidents raised by vendor incidents. */
export interface PageIncidentDraftRow {
  id: Generated<number>;
  page_slug: string;
  vendor_provider_slug: string;
  vendor_incident_id: string;
  vendor_name: string;
  vendor_title: string;
  vendor_url: string | null;
  title: string;
  body: string;
  impact: string;
  components_json: string;
  auto_publish: SqlBool;
  raised_at: number;
  state: string;
  incident_code: string | null;
  published_at: number | null;
  resolution_proposed_at: number | null;
  resolution_body: string | null;
  closed_at: number | null;
}

// PostgreSQL adds generated `search` columns that reads never need: select these, not `*`.
// Written as records so that the compiler checks every column is listed.

const incidentColumns: Record<keyof IncidentRow, true> = {
  provider_slug: true, vendor_id: true, title: true, kind: true, impact: true, status: true,
  created_at: true, started_at: true, monitoring_at: true, resolved_at: true,
  scheduled_for: true, scheduled_until: true, url: true, shortlink: true, components_json: true,
  postmortem_body_html: true, postmortem_body_text: true, postmortem_published_at: true,
  is_template: true, first_seen_at: true, backfilled: true, last_changed_at: true,
  previous_titles_json: true, ingest_anomalies_json: true, update_count: true,
  analysis_json: true, analysis_version: true,
}; // prettier-ignore
export const INCIDENT_COLUMNS = Object.keys(incidentColumns) as (keyof IncidentRow)[];

const updateColumns: Record<keyof IncidentUpdateRow, true> = {
  provider_slug: true, incident_vendor_id: true, vendor_id: true, position: true, status: true,
  label: true, body_html: true, body_text: true, displayed_at: true, created_at: true,
  affected_components_json: true,
}; // prettier-ignore
export const INCIDENT_UPDATE_COLUMNS = Object.keys(updateColumns) as (keyof IncidentUpdateRow)[];

/** `migrations/*\/0009_page_subscribers.sql`: the own page's subscribers (tokens as SHA-256 hex). */
export interface PageSubscriberRow {
  id: Generated<number>;
  provider_slug: string;
  kind: string;
  address: string;
  contact_email: string;
  components_json: string;
  confirm_token_hash: string | null;
  confirm_expires_at: number | null;
  unsubscribe_token_hash: string | null;
  subscription_id: number | null;
  created_at: number;
  requested_at: number;
  confirmed_at: number | null;
}
