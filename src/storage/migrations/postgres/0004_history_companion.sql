-- The history companion of a fast source (summary.json): incidents.json, or history.atom where
-- a page has none. Polled within the provider's lease, on its own slower schedule, so that
-- resolved incidents, postmortems and incidents born and closed between two polls arrive.
alter table providers add column companion_url text;
alter table providers add column companion_format text;
alter table providers add column companion_etag text;
alter table providers add column companion_last_modified text;
alter table providers add column companion_next_poll_at bigint;
alter table providers add column companion_last_success_at bigint;
alter table providers add column companion_failures integer not null default 0;
alter table providers add column companion_last_error_kind text;
-- Open incidents that left the open list, asked for one by one until the vendor says how they
-- ended: [{"incidentVendorId", "since", "attempts", "nextAttemptAt"}].
alter table providers add column follow_ups_json text not null default '[]';

-- Statuspage-style JSON providers watched before this migration get their companion now.
update providers
set companion_url = substr(source_url, 1, length(source_url) - length('summary.json')) || 'incidents.json',
    companion_format = format,
    companion_next_poll_at = 0
where format in ('statuspage-v2', 'incidentio') and source_url like '%/api/v2/summary.json';
