-- Search finds the same incidents on SQLite as on PostgreSQL: no stemming (porter) and accents
-- kept, as PostgreSQL's 'simple' configuration does (see the postgres 0006). The FTS5 table is
-- rebuilt with the new tokenizer and filled as refreshSearch in _sqlite-queries.ts fills it.
drop table incident_search;

create virtual table incident_search using fts5 (
  title,
  updates_text,
  postmortem_text,
  tokenize = 'unicode61 remove_diacritics 0'
);

insert into incident_search (rowid, title, updates_text, postmortem_text)
select i.rowid, i.title,
  coalesce((
    select group_concat(u.body_text, char(10)) from incident_updates u
    where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
  ), ''),
  coalesce(i.postmortem_body_text, '')
from incidents i;
