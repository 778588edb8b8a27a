import { eventKey, type EpochMs, type IngestEvent, type SourceHealth } from '../domain/index.ts';

export type PollOutcome = { ok: true } | { ok: false; errorKind: string; message: string };

export const HEALTHY: SourceHealth = {
  lastSuccessAt: null,
  lastErrorAt: null,
  lastErrorKind: null,
  lastErrorMessage: null,
  consecutiveFailures: 0,
  lastChangeAt: null,
};

/**
 * The next health after a poll, and the event when it flipped. A source counts as failing from
 * its first failure: a status page that cannot be read is news for whoever relies on it.
 */
export function nextHealth(
  providerSlug: string,
  previous: SourceHealth,
  outcome: PollOutcome,
  now: EpochMs,
): { health: SourceHealth; events: IngestEvent[] } {
  const wasFailing = previous.consecutiveFailures > 0;
  if (outcome.ok) {
    const health: SourceHealth = {
      ...previous,
      lastSuccessAt: now,
      consecutiveFailures: 0,
      lastChangeAt: wasFailing ? now : previous.lastChangeAt,
    };
    if (!wasFailing) return { health, events: [] };
    const event: IngestEvent = {
      kind: 'source_recovered',
      idempotencyKey: eventKey([providerSlug, 'source_recovered', previous.lastChangeAt]),
      providerSlug,
      failures: previous.consecutiveFailures,
      occurredAt: now,
      detectedAt: now,
    };
    return { health, events: [event] };
  }
  const health: SourceHealth = {
    ...previous,
    lastErrorAt: now,
    lastErrorKind: outcome.errorKind,
    lastErrorMessage: outcome.message,
    consecutiveFailures: previous.consecutiveFailures + 1,
    lastChangeAt: wasFailing ? previous.lastChangeAt : now,
  };
  if (wasFailing) return { health, events: [] };
  const event: IngestEvent = {
    kind: 'source_failed',
    idempotencyKey: eventKey([providerSlug, 'source_failed', now]),
    providerSlug,
    errorKind: outcome.errorKind,
    message: outcome.message,
    occurredAt: now,
    detectedAt: now,
  };
  return { health, events: [event] };
}
