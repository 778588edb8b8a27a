import { performance } from 'node:perf_hooks';
import { describeError, isStatuswatchError, type EpochMs } from '../domain/index.ts';
import type { AttemptResult, ClaimedDelivery } from '../storage/alert-store.ts';
import { nextAttemptAt, type RetryPolicy } from './backoff.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import type { AlertMessage } from './message.ts';

export interface AttemptDeps {
  channels: Channels;
  wordOf: (delivery: ClaimedDelivery) => Promise<AlertMessage>;
  retry: RetryPolicy;
  clock: () => EpochMs;
  random?: (() => number) | undefined;
}

/** One try: word, send, time it, and decide what becomes of the delivery. Never throws. */
export async function attemptDelivery(
  delivery: ClaimedDelivery,
  deps: AttemptDeps,
): Promise<AttemptResult> {
  const startedAt = deps.clock();
  const t0 = performance.now();
  let outcome: SendOutcome;
  let refused = false;
  try {
    const message = await deps.wordOf(delivery);
    const meta = { idempotencyKey: delivery.idempotencyKey, now: deps.clock() };
    outcome = await deps.channels.send(message, delivery.subscription.spec.channel, meta);
  } catch (error) {
    outcome = { ok: false, code: null, detail: describeError(error) };
    // The receiver's name now points at a private or reserved address: trying again only
    // knocks on the same door for 24 hours. The operator sees it dead-lettered, with why.
    refused = isStatuswatchError(error, 'blocked_address');
  }
  const base = {
    deliveryId: delivery.id,
    channelKey: delivery.channelKey,
    startedAt,
    latencyMs: performance.now() - t0,
    code: outcome.code,
    detail: outcome.detail,
  };
  if (outcome.ok) return { ...base, outcome: 'delivered' };
  const next = refused ? null : retryAt(delivery, deps, outcome.retryAfterMs ?? null);
  return next === null
    ? { ...base, outcome: 'dead' }
    : { ...base, outcome: 'retry', nextAttemptAt: next };
}

// --- internal ---

/** Our backoff, but never sooner than the receiver's Retry-After, nor past the deadline. */
function retryAt(
  delivery: ClaimedDelivery,
  deps: AttemptDeps,
  retryAfterMs: number | null,
): EpochMs | null {
  const now = deps.clock();
  const next = nextAttemptAt({
    attempts: delivery.attempts + 1,
    createdAt: delivery.createdAt,
    now,
    policy: deps.retry,
    ...(deps.random ? { random: deps.random } : {}),
  });
  if (next === null || retryAfterMs === null) return next;
  const deadline = delivery.createdAt + deps.retry.giveUpAfterMs;
  return Math.min(deadline, Math.max(next, now + retryAfterMs));
}
