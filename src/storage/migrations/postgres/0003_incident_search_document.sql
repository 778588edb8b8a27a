-- One search document per incident: title, every update body and the postmortem together, so
-- that a query whose words are split between the title and an update still matches. The store
-- rewrites the row whenever it writes the incident (like SQLite's incident_search).
create table incident_search (
  provider_slug text not null,
  vendor_id text not null,
  document tsvector not null,
  primary key (provider_slug, vendor_id),
  foreign key (provider_slug, vendor_id)
    references incidents (provider_slug, vendor_id) on delete cascade
);

create index incident_search_document on incident_search using gin (document);

insert into incident_search (provider_slug, vendor_id, document)
select i.provider_slug, i.vendor_id,
  setweight(to_tsvector('english', i.title), 'A') ||
  setweight(to_tsvector('english', coalesce((
    select string_agg(u.body_text, E'\n' order by u.position) from incident_updates u
    where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
  ), '')), 'B') ||
  setweight(to_tsvector('english', coalesce(i.postmortem_body_text, '')), 'C')
from incidents i;

-- The per-table vectors are replaced by the document above; keeping them costs every write.
drop index incidents_search;
alter table incidents drop column search;
drop index incident_updates_search;
alter table incident_updates drop column search;
