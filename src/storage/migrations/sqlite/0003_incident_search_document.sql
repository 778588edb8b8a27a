-- PostgreSQL moves to one search document per incident in this step. SQLite has had one since
-- 0001 (the incident_search FTS5 table), so there is nothing to do; the file keeps both
-- dialects numbered alike.
select 1;
