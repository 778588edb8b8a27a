-- Search finds the same incidents on PostgreSQL as on SQLite: every word is kept ('simple': no
-- English stop words such as "down", no stemming) and punctuation separates words, as in SQLite's
-- unicode61 tokenizer. Same expression as refreshSearch in _postgres-queries.ts.
update incident_search s set document =
  setweight(to_tsvector('simple', regexp_replace(i.title, '[[:space:][:punct:]]+', ' ', 'g')), 'A') ||
  setweight(to_tsvector('simple', regexp_replace(coalesce((
    select string_agg(u.body_text, E'\n' order by u.position) from incident_updates u
    where u.provider_slug = i.provider_slug and u.incident_vendor_id = i.vendor_id
  ), ''), '[[:space:][:punct:]]+', ' ', 'g')), 'B') ||
  setweight(to_tsvector('simple', regexp_replace(coalesce(i.postmortem_body_text, ''),
    '[[:space:][:punct:]]+', ' ', 'g')), 'C')
from incidents i
where i.provider_slug = s.provider_slug and i.vendor_id = s.vendor_id;
