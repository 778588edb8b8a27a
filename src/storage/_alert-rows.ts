import type { Selectable } from 'kysely';
import type { EventKind, Subscription } from '../domain/index.ts';
import type {
  AttemptRecord,
  ChannelState,
  DeliveryRecord,
  DeliveryStatus,
  NewSubscription,
} from './alert-store.ts';
import type {
  AlertChannelRow,
  AlertDeliveryAttemptRow,
  AlertDeliveryRow,
  AlertSubscriptionRow,
} from './_alert-schema.ts';

/** Alert rows ↔ records. Values read back are the ones we wrote, hence the plain casts. */

export function subscriptionToRow(s: NewSubscription) {
  return {
    name: s.spec.name ?? `${s.spec.channel.kind} ${s.target.label}`,
    spec_json: JSON.stringify({ ...s.spec, target: s.target }),
    channel_key: s.target.key,
    channel_host: s.target.host,
    created_at: s.createdAt,
  };
}

export function toSubscription(row: Selectable<AlertSubscriptionRow>): Subscription {
  const { target, ...spec } = JSON.parse(row.spec_json) as Subscription['spec'] & {
    target: Subscription['target'];
  };
  return { id: row.id, spec, target, createdAt: row.created_at };
}

export function toChannelState(row: Selectable<AlertChannelRow>): ChannelState {
  return {
    key: row.channel_key,
    label: row.label,
    consecutiveFailures: row.consecutive_failures,
    pausedAt: row.paused_at,
    lastFailureAt: row.last_failure_at,
    lastError: row.last_error,
  };
}

export function toDeliveryRecord(
  row: Selectable<AlertDeliveryRow>,
  eventKind: EventKind,
  providerSlug: string,
): Omit<DeliveryRecord, 'log'> {
  return {
    id: row.id,
    eventId: row.event_id,
    eventKind,
    providerSlug,
    subscriptionId: row.subscription_id,
    idempotencyKey: row.idempotency_key,
    channelKey: row.channel_key,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    vendorPostedAt: row.vendor_posted_at,
    detectedAt: row.detected_at,
    handedAt: row.handed_at,
    lastError: row.last_error,
  };
}

export function toAttemptRecord(row: Selectable<AlertDeliveryAttemptRow>): AttemptRecord {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    attemptedAt: row.attempted_at,
    result: row.result as AttemptRecord['result'],
    responseCode: row.response_code,
    detail: row.detail,
    latencyMs: row.latency_ms,
  };
}
