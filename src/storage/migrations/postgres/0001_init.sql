-- Times are epoch milliseconds (bigint); *_json columns hold JSON text.

create table providers (
  slug text primary key,
  name text not null,
  page_url text not null,
  source_url text not null,
  format text not null,
  poll_interval_ms bigint not null,
  open_incident_interval_ms bigint not null,
  created_at bigint not null,
  status text not null default 'unknown',
  etag text,
  last_modified text,
  next_poll_at bigint not null,
  lease_owner text,
  lease_until bigint,
  last_success_at bigint,
  last_error_at bigint,
  last_error_kind text,
  last_error_message text,
  consecutive_failures integer not null default 0,
  health_changed_at bigint,
  -- set by the first stored ingest: until then resolved incidents are backfill
  ingested boolean not null default false,
  -- set once a snapshot that lists components was stored (feeds never do)
  components_listed boolean not null default false
);

create index providers_due on providers (next_poll_at, slug);

create table components (
  provider_slug text not null references providers (slug) on delete cascade,
  vendor_id text not null,
  name text not null,
  group_name text,
  status text not null,
  position integer not null,
  primary key (provider_slug, vendor_id)
);

create table incidents (
  provider_slug text not null references providers (slug) on delete cascade,
  vendor_id text not null,
  title text not null,
  kind text not null,
  impact text,
  status text not null,
  created_at bigint,
  started_at bigint,
  monitoring_at bigint,
  resolved_at bigint,
  scheduled_for bigint,
  scheduled_until bigint,
  url text,
  shortlink text,
  components_json text not null,
  postmortem_body_html text,
  postmortem_body_text text,
  postmortem_published_at bigint,
  is_template boolean not null,
  first_seen_at bigint not null,
  backfilled boolean not null,
  last_changed_at bigint not null,
  previous_titles_json text not null,
  ingest_anomalies_json text not null default '[]',
  update_count integer not null,
  search tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', coalesce(postmortem_body_text, '')), 'C')
  ) stored,
  primary key (provider_slug, vendor_id)
);

-- Listing orders by "started, or first seen"; the expression must match the query's.
create index incidents_by_provider_started
  on incidents (provider_slug, (coalesce(started_at, first_seen_at)));
create index incidents_by_started on incidents ((coalesce(started_at, first_seen_at)));
create index incidents_open on incidents (provider_slug)
  where status not in ('resolved', 'postmortem', 'completed');
create index incidents_search on incidents using gin (search);

create table incident_updates (
  provider_slug text not null,
  incident_vendor_id text not null,
  vendor_id text not null,
  position integer not null,
  status text not null,
  label text,
  body_html text not null,
  body_text text not null,
  displayed_at bigint,
  created_at bigint,
  affected_components_json text not null,
  search tsvector generated always as (to_tsvector('english', body_text)) stored,
  primary key (provider_slug, incident_vendor_id, vendor_id),
  foreign key (provider_slug, incident_vendor_id)
    references incidents (provider_slug, vendor_id) on delete cascade
);

create index incident_updates_search on incident_updates using gin (search);

create table events (
  id bigserial primary key,
  idempotency_key text not null unique,
  provider_slug text not null references providers (slug) on delete cascade,
  incident_vendor_id text,
  kind text not null,
  occurred_at bigint,
  detected_at bigint not null,
  imported boolean not null,
  payload_json text not null,
  -- The writing transaction, for diagnosis. The event cursor no longer reads it: ids are now
  -- drawn one writer at a time (EVENT_ID_LOCK in _postgres-queries.ts), so they commit in order.
  txid xid8 not null default pg_current_xact_id()
);

create index events_by_provider on events (provider_slug, id);
