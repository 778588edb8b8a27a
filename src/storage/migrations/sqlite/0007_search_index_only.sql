-- The FTS5 table kept a second full copy of every title, update and postmortem (458 MB of
-- 1.8 GB at a million updates). It becomes contentless: the index alone, its rows deleted by
-- rowid (contentless_delete, SQLite 3.43+), snippets cut from the incidents' own text
-- (markedSnippet in _search-query.ts). An external-content table would need the old text to
-- delete a row, and refreshSearch runs after the updates are rewritten.
-- The provider slug is indexed too, so that a search narrowed to a provider intersects two word
-- lists instead of probing each match (toFts5Within).
drop table incident_search;

create virtual table incident_search using fts5 (
  title,
  updates_text,
  postmortem_text,
  provider,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);

insert into incident_search (rowid, title, updates_text, postmortem_text, provider)
select i.rowid, i.title,
  coalesce((
    select group_concat(u.body_text, char(10)) from incident_updates u
    where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
  ), ''),
  coalesce(i.postmortem_body_text, ''),
  i.provider_slug
from incidents i;
