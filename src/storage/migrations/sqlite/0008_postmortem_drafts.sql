-- The own page's drafted postmortems: the operator's unpublished text, kept apart from the
-- incident so that no reader of incidents (APIs, pages, search, feeds, alerts) can show it.
-- Publishing copies it into the incident through ingest and deletes the row.
create table postmortem_drafts (
  provider_slug text not null,
  incident_vendor_id text not null,
  body_html text not null,
  body_text text not null,
  drafted_at integer not null,
  primary key (provider_slug, incident_vendor_id),
  foreign key (provider_slug, incident_vendor_id)
    references incidents (provider_slug, vendor_id) on delete cascade
);
