import { performance } from 'node:perf_hooks';
import { describeError, type EpochMs } from '../domain/index.ts';
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
  try {
    const message = await deps.wordOf(delivery);
    const meta = { idempotencyKey: delivery.idempotencyKey, now: deps.clock() };
    outcome = await deps.channels.send(message, delivery.subscription.spec.channel, meta);
  } catch (error) {
    outcome = { ok: false, code: null, detail: describeError(error) };
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
  const next = nextAttemptAt({
    attempts: delivery.attempts + 1,
    createdAt: delivery.createdAt,
    now: deps.clock(),
    policy: deps.retry,
    ...(deps.random ? { random: deps.random } : {}),
  });
  return next === null
    ? { ...base, outcome: 'dead' }
    : { ...base, outcome: 'retry', nextAttemptAt: next };
}
