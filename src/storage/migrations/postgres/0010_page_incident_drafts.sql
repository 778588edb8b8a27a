-- Incidents drafted on the own page because a vendor incident affects a component it depends
-- on (`dependsOn` in `page:`). Kept apart from incidents, as postmortem drafts are (0008), so no
-- public read can show one. One row per (page, vendor incident), whichever node, poll or
-- restart raised it: the unique key makes a repeat a no-op.
create table page_incident_drafts (
  id bigserial primary key,
  page_slug text not null,
  vendor_provider_slug text not null,
  vendor_incident_id text not null,
  vendor_name text not null,
  vendor_title text not null,
  vendor_url text,
  title text not null,
  body text not null,
  impact text not null,
  -- our component id → the status the incident would give it
  components_json text not null,
  auto_publish boolean not null,
  raised_at bigint not null,
  -- draft → published → closed, or draft → discarded / closed
  state text not null,
  incident_code text,
  published_at bigint,
  resolution_proposed_at bigint,
  resolution_body text,
  closed_at bigint,
  unique (page_slug, vendor_provider_slug, vendor_incident_id),
  -- Removing the vendor's history (`remove`) removes what it raised; our published incident stays.
  foreign key (vendor_provider_slug, vendor_incident_id)
    references incidents (provider_slug, vendor_id) on delete cascade
);

-- `page draft list` and the auto-publish sweep read one page's drafts newest first.
create index page_incident_drafts_by_page on page_incident_drafts (page_slug, id);
