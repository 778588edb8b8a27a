-- Alerts: subscriptions, the outbox of deliveries, the log of attempts, and channel health.
-- Times are epoch milliseconds.

create table alert_subscriptions (
  id bigserial primary key,
  name text not null,
  -- filters and channel settings as validated by src/alerts/subscription.ts
  spec_json text not null,
  -- where deliveries go: a channel is shared by subscriptions with the same destination
  channel_key text not null,
  channel_host text not null,
  created_at bigint not null
);

create table alert_channels (
  channel_key text primary key,
  -- the destination with secrets left out, for display
  label text not null,
  consecutive_failures integer not null default 0,
  paused_at bigint,
  last_failure_at bigint,
  last_error text
);

-- Claims leave out paused channels: this keeps that list one short index read.
create index alert_channels_paused on alert_channels (channel_key) where paused_at is not null;

-- The outbox: written in the same transaction as the event it announces.
create table alert_deliveries (
  id bigserial primary key,
  event_id bigint not null references events (id) on delete cascade,
  subscription_id bigint not null references alert_subscriptions (id) on delete cascade,
  -- one per (event, subscription); sent to the receiver so it can drop a repeat
  idempotency_key text not null unique,
  channel_key text not null,
  channel_host text not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at bigint not null,
  lease_owner text,
  lease_until bigint,
  created_at bigint not null,
  -- latency: when the vendor posted it, when we saw it, when the receiver took it
  vendor_posted_at bigint,
  detected_at bigint not null,
  handed_at bigint,
  last_error text
);

create index alert_deliveries_due on alert_deliveries (next_attempt_at, id)
  where status = 'pending';
create index alert_deliveries_by_subscription on alert_deliveries (subscription_id, id);
create index alert_deliveries_by_event on alert_deliveries (event_id);

create table alert_delivery_attempts (
  id bigserial primary key,
  delivery_id bigint not null references alert_deliveries (id) on delete cascade,
  attempted_at bigint not null,
  -- delivered | failed | dead
  result text not null,
  -- HTTP status or SMTP reply code, when the receiver answered
  response_code integer,
  -- SMTP reply, start of the HTTP body, or the error
  detail text,
  latency_ms integer not null
);

create index alert_delivery_attempts_by_delivery on alert_delivery_attempts (delivery_id, id);
