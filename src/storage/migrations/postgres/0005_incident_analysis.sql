-- What the vendor's own words say about an incident (src/analysis), stored with it. Null until
-- analysed; every ingest write of the incident resets both, so `statuswatch reanalyse` finds
-- incidents whose analysis is missing or older than the parser (analysis_version).
alter table incidents add column analysis_json text, add column analysis_version integer;

create index incidents_by_analysis_version on incidents (analysis_version);
