-- The own page's subscribers (email and webhook), before and after they confirm. A confirmed
-- subscriber is served by an ordinary alert subscription (subscription_id), so the ingest
-- transaction plans its deliveries into the outbox like any other; this table only holds what
-- double opt-in needs. Tokens are stored as SHA-256 hex digests, never in clear.
create table page_subscribers (
  id bigserial primary key,
  provider_slug text not null,
  -- email | webhook
  kind text not null,
  -- the email address (lowercased) or the webhook URL
  address text not null,
  -- where the confirmation goes: the address itself, or a webhook's contact address
  contact_email text not null,
  -- component ids asked for at the last request; [] is every component
  components_json text not null,
  confirm_token_hash text,
  confirm_expires_at bigint,
  unsubscribe_token_hash text,
  subscription_id bigint references alert_subscriptions (id) on delete set null,
  created_at bigint not null,
  requested_at bigint not null,
  confirmed_at bigint
);

-- a webhook is one subscriber per (URL, contact): whoever confirms from another address gets a
-- subscriber of their own, never the power to change or re-key somebody else's
create unique index page_subscribers_address
  on page_subscribers (provider_slug, kind, address, contact_email);
create unique index page_subscribers_confirm on page_subscribers (confirm_token_hash);
create unique index page_subscribers_unsubscribe on page_subscribers (unsubscribe_token_hash);
