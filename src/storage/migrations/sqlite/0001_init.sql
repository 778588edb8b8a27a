-- Times are epoch milliseconds (INTEGER); booleans are 0/1; *_json columns hold JSON text.
-- STRICT so that a wrongly typed value fails loudly instead of being stored as text.

create table providers (
  slug text primary key,
  name text not null,
  page_url text not null,
  source_url text not null,
  format text not null,
  poll_interval_ms integer not null,
  open_incident_interval_ms integer not null,
  created_at integer not null,
  status text not null default 'unknown',
  etag text,
  last_modified text,
  next_poll_at integer not null,
  lease_owner text,
  lease_until integer,
  last_success_at integer,
  last_error_at integer,
  last_error_kind text,
  last_error_message text,
  consecutive_failures integer not null default 0,
  health_changed_at integer,
  -- set by the first stored ingest: until then resolved incidents are backfill
  ingested integer not null default 0,
  -- set once a snapshot that lists components was stored (feeds never do)
  components_listed integer not null default 0
) strict;

create index providers_due on providers (next_poll_at, slug);

create table components (
  provider_slug text not null references providers (slug) on delete cascade,
  vendor_id text not null,
  name text not null,
  group_name text,
  status text not null,
  position integer not null,
  primary key (provider_slug, vendor_id)
) strict;

create table incidents (
  provider_slug text not null references providers (slug) on delete cascade,
  vendor_id text not null,
  title text not null,
  kind text not null,
  impact text,
  status text not null,
  created_at integer,
  started_at integer,
  monitoring_at integer,
  resolved_at integer,
  scheduled_for integer,
  scheduled_until integer,
  url text,
  shortlink text,
  components_json text not null,
  postmortem_body_html text,
  postmortem_body_text text,
  postmortem_published_at integer,
  is_template integer not null,
  first_seen_at integer not null,
  backfilled integer not null,
  last_changed_at integer not null,
  previous_titles_json text not null,
  ingest_anomalies_json text not null default '[]',
  update_count integer not null,
  primary key (provider_slug, vendor_id)
) strict;

-- Listing orders by "started, or first seen"; the expression must match the query's.
create index incidents_by_provider_started
  on incidents (provider_slug, coalesce(started_at, first_seen_at));
create index incidents_by_started on incidents (coalesce(started_at, first_seen_at));
create index incidents_open on incidents (provider_slug)
  where status not in ('resolved', 'postmortem', 'completed');

create table incident_updates (
  provider_slug text not null,
  incident_vendor_id text not null,
  vendor_id text not null,
  position integer not null,
  status text not null,
  label text,
  body_html text not null,
  body_text text not null,
  displayed_at integer,
  created_at integer,
  affected_components_json text not null,
  primary key (provider_slug, incident_vendor_id, vendor_id),
  foreign key (provider_slug, incident_vendor_id)
    references incidents (provider_slug, vendor_id) on delete cascade
) strict;

create table events (
  id integer primary key autoincrement,
  idempotency_key text not null unique,
  provider_slug text not null references providers (slug) on delete cascade,
  incident_vendor_id text,
  kind text not null,
  occurred_at integer,
  detected_at integer not null,
  imported integer not null,
  payload_json text not null
) strict;

create index events_by_provider on events (provider_slug, id);

-- One row per incident, rowid = incidents.rowid; rewritten by the store whenever the incident
-- or its updates are written. Plain (not external content) because the update bodies live in
-- another table.
create virtual table incident_search using fts5 (
  title,
  updates_text,
  postmortem_text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Also fires for rows removed by the cascade from providers.
create trigger incidents_search_delete after delete on incidents begin
  delete from incident_search where rowid = old.rowid;
end;
