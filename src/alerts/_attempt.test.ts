import { describe, expect, it } from 'vitest';
import { StatuswatchError } from '../domain/index.ts';
import type { AttemptResult, ClaimedDelivery } from '../storage/alert-store.ts';
import { T0 } from '../../test/support/builders.ts';
import { attemptDelivery, type AttemptDeps } from './_attempt.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import type { AlertMessage } from './message.ts';

const POLICY = { baseMs: 10_000, maxDelayMs: 60_000, giveUpAfterMs: 24 * 3_600_000 };
const NOW = T0 + 60_000;

/** A delivery as a claim returns it; the attempt only reads these fields. */
const delivery = {
  id: 1,
  idempotencyKey: 'evt-1:sub-1',
  attempts: 0,
  createdAt: T0,
  channelKey: 'webhook:abc',
  channelHost: 'hooks.example.com:443',
  subscription: { spec: { channel: { kind: 'webhook', url: 'https://hooks.example.com/x' } } },
} as unknown as ClaimedDelivery;

function depsAnswering(send: () => Promise<SendOutcome>): AttemptDeps {
  return {
    channels: { send } as unknown as Channels,
    wordOf: () => Promise.resolve({} as AlertMessage),
    retry: POLICY,
    clock: () => NOW,
    random: () => 0.5,
  };
}

const nextOf = (r: AttemptResult): number | null =>
  r.outcome === 'retry' ? r.nextAttemptAt : null;

describe('one delivery attempt', () => {
  it('dead-letters a receiver refused by the address guard at once, without a retry', async () => {
    const refused = depsAnswering(() =>
      Promise.reject(
        new StatuswatchError('blocked_address', 'POST https://hooks.example.com: address refused'),
      ),
    );
    const result = await attemptDelivery(delivery, refused);
    expect(result.outcome).toBe('dead');
    expect(result.detail).toMatch(/address refused/);
  });

  it('still retries an ordinary connection failure', async () => {
    const reset = depsAnswering(() =>
      Promise.reject(new StatuswatchError('connect', 'connection reset')),
    );
    expect((await attemptDelivery(delivery, reset)).outcome).toBe('retry');
  });

  it('waits at least the Retry-After of a 429, longer than its own backoff', async () => {
    const busy = depsAnswering(() =>
      Promise.resolve({ ok: false, code: 429, detail: null, retryAfterMs: 600_000 }),
    );
    expect(nextOf(await attemptDelivery(delivery, busy))).toBe(NOW + 600_000);
    const plain = depsAnswering(() => Promise.resolve({ ok: false, code: 429, detail: null }));
    expect(nextOf(await attemptDelivery(delivery, plain))).toBe(NOW + 7_500); // backoff: 10 s, half jittered
  });

  it('keeps its own backoff when the Retry-After is shorter, and never waits past the deadline', async () => {
    const short = depsAnswering(() =>
      Promise.resolve({ ok: false, code: 503, detail: null, retryAfterMs: 1_000 }),
    );
    expect(nextOf(await attemptDelivery(delivery, short))).toBe(NOW + 7_500);
    const late = { ...delivery, createdAt: NOW - POLICY.giveUpAfterMs + 60_000 };
    const long = depsAnswering(() =>
      Promise.resolve({ ok: false, code: 503, detail: null, retryAfterMs: 3_600_000 }),
    );
    expect(nextOf(await attemptDelivery(late, long))).toBe(late.createdAt + POLICY.giveUpAfterMs);
  });
});
