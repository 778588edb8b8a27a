import type { Generated } from 'kysely';

/** Row types of the tables created by `migrations/*\/0002_alerts.sql`. */
export interface AlertTables {
  alert_subscriptions: AlertSubscriptionRow;
  alert_channels: AlertChannelRow;
  alert_deliveries: AlertDeliveryRow;
  alert_delivery_attempts: AlertDeliveryAttemptRow;
}

export interface AlertSubscriptionRow {
  id: Generated<number>;
  name: string;
  spec_json: string;
  channel_key: string;
  channel_host: string;
  created_at: number;
}

export interface AlertChannelRow {
  channel_key: string;
  label: string;
  consecutive_failures: Generated<number>;
  paused_at: number | null;
  last_failure_at: number | null;
  last_error: string | null;
}

export interface AlertDeliveryRow {
  id: Generated<number>;
  event_id: number;
  subscription_id: number;
  idempotency_key: string;
  channel_key: string;
  channel_host: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  vendor_posted_at: number | null;
  detected_at: number;
  handed_at: number | null;
  last_error: string | null;
}

export interface AlertDeliveryAttemptRow {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: number;
  result: string;
  response_code: number | null;
  detail: string | null;
  latency_ms: number;
}
