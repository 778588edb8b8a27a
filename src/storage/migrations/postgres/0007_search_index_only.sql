-- SQLite's search table drops its copy of the text in this step. PostgreSQL's documents
-- (0003) hold no copy beyond the tsvector, so there is nothing to do; the file keeps both
-- dialects numbered alike.
select 1;
