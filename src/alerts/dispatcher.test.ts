import { afterEach, describe, expect, it } from 'vitest';
import { withIngestNotices } from '../ingest/ingest-notifier.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import type { Store } from '../storage/store.ts';
import type { DeliveryClaim } from '../storage/alert-store.ts';
import { draftsFor, makeNewSubscription, makeTarget } from '../../test/support/alert-builders.ts';
import { T0, makeEvent, makeIngestWrite, makeProvider } from '../../test/support/builders.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { AlertMessage } from './message.ts';
import type { Subscription } from '../domain/index.ts';

interface Sent {
  host: string;
  key: string;
  message: AlertMessage;
}

/**
 * Channels that answer what `answer` says once `hold` (if any) lets the host's send go on, and
 * remember every send: `started` when it began, `sent` when it ended.
 */
function fakeChannels(
  answer: (host: string, n: number) => SendOutcome | 'throw',
  hold: (host: string) => Promise<void> | undefined = () => undefined,
) {
  const sent: Sent[] = [];
  let started = 0;
  const inFlight = new Map<string, number>();
  let maxInFlight = new Map<string, number>();
  const channels: Channels = {
    validate: () => {
      throw new Error('unused');
    },
    target: () => makeTarget(),
    hostConcurrency: () => null,
    close: () => Promise.resolve(),
    async send(message, settings, meta) {
      const host = new URL(settings.kind === 'email' ? 'http://smtp' : settings.url).host;
      started += 1;
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, inFlight.get(host) ?? 0));
      await (hold(host) ?? Promise.resolve());
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
      sent.push({ host, key: meta.idempotencyKey, message });
      const outcome = answer(host, sent.filter((s) => s.host === host).length);
      if (outcome === 'throw') throw new Error('connection closed by the receiver');
      return outcome;
    },
  };
  return {
    channels,
    sent,
    started: () => started,
    inFlight: (host: string) => inFlight.get(host) ?? 0,
    maxInFlight: () => maxInFlight,
    reset: () => {
      maxInFlight = new Map();
    },
  };
}

/**
 * The store as the dispatcher sees it, with a log of its claim statements (how many deliveries
 * each one claimed), so a test can tell "it looked and found nothing" without sleeping.
 */
function watchClaims(inner: Store) {
  const claimed: number[] = [];
  const alerts = new Proxy(inner.alerts, {
    get(target, prop, receiver) {
      if (prop === 'claimDeliveries') {
        return async (claim: DeliveryClaim) => {
          const rows = await target.claimDeliveries(claim);
          claimed.push(rows.length);
          return rows;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'alerts') return alerts;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return {
    store,
    /** Resolves after `n` more claim statements have finished; returns what those claimed. */
    async next(n: number): Promise<number[]> {
      const from = claimed.length;
      await until(() => Promise.resolve(claimed.length >= from + n));
      return claimed.slice(from);
    },
  };
}

const OK: SendOutcome = { ok: true, code: 200, detail: 'ok' };
const FAST: DispatcherOptions = {
  safetyPollMs: 50,
  flushMs: 5,
  retry: { baseMs: 20, maxDelayMs: 40, giveUpAfterMs: 10_000 },
};

let store: Store;
let dispatcher: Dispatcher | null = null;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await store.close();
});

/** `events` events fanned out to one subscription per host, created now. */
async function seed(hosts: string[], events: number): Promise<void> {
  store = await openSqliteStore(':memory:');
  await store.addProvider(makeProvider(), T0);
  const subscriptions: Subscription[] = [];
  for (const host of hosts) {
    const spec = {
      channel: {
        kind: 'webhook' as const,
        url: `https://${host}/hook`,
        secret: 'x'.repeat(16),
        format: 'statuswatch-v1' as const,
      },
    };
    subscriptions.push(
      await store.alerts.addSubscription(makeNewSubscription({ spec, target: makeTarget(host) })),
    );
  }
  const list = Array.from({ length: events }, (_, i) =>
    makeEvent({ incidentVendorId: `inc-${i}` }),
  );
  await store.applyIngest(
    makeIngestWrite({
      events: list,
      planDeliveries: (e) => draftsFor(e, subscriptions, Date.now()),
    }),
  );
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const delivered = (n: number) => async () => (await store.alerts.countDeliveries()).delivered === n;

describe('dispatcher', () => {
  it('sends each delivery once with its key, and logs the hand-over', async () => {
    await seed(['a.test', 'b.test'], 5);
    const fake = fakeChannels(() => OK);
    dispatcher = startDispatcher({
      store,
      channels: fake.channels,
      publicUrl: 'https://sw.test',
      options: FAST,
    });
    await until(delivered(10));
    expect(new Set(fake.sent.map((s) => s.key)).size).toBe(10);
    const [one] = await store.alerts.listDeliveries({ limit: 1 });
    expect(one?.handedAt).toBeGreaterThanOrEqual(one?.log[0]?.attemptedAt ?? Infinity);
    expect(one?.log).toEqual([expect.objectContaining({ result: 'delivered', responseCode: 200 })]);
    expect(fake.sent[0]?.message.ourUrl).toMatch(
      /^https:\/\/sw\.test\/providers\/acme\/incidents\/inc-\d$/,
    );
  });

  it('wakes at once when ingest commits, not at the next safety poll', async () => {
    store = await openSqliteStore(':memory:');
    const notices = withIngestNotices(store);
    await store.addProvider(makeProvider(), T0);
    const sub = await store.alerts.addSubscription(makeNewSubscription());
    const fake = fakeChannels(() => OK);
    const claims = watchClaims(notices.store);
    // The safety poll is an hour away: within this test only the notice can wake it.
    dispatcher = startDispatcher({
      store: claims.store,
      channels: fake.channels,
      publicUrl: 'https://sw.test',
      onIngest: (l) => notices.onIngest(l),
      options: { safetyPollMs: 3_600_000 },
    });
    expect(await claims.next(1)).toEqual([0]); // its first look found nothing; now it sleeps
    await notices.store.applyIngest(
      makeIngestWrite({
        events: [makeEvent()],
        planDeliveries: (e) => draftsFor(e, [sub], Date.now()),
      }),
    );
    await until(delivered(1));
    expect(fake.sent).toHaveLength(1);
  });

  it('retries failures with growing waits, never early, then dead-letters', async () => {
    await seed(['flaky.test', 'down.test'], 1);
    const fake = fakeChannels((host, n) =>
      host === 'flaky.test' && n >= 3
        ? OK
        : host === 'down.test'
          ? 'throw'
          : { ok: false, code: 503, detail: 'busy' },
    );
    // Time is ours: the dispatcher sees `now`, which only the test moves. random 1: no jitter.
    let now = Date.now();
    const claims = watchClaims(store);
    const options = {
      ...FAST,
      retry: { baseMs: 1_000, maxDelayMs: 60_000, giveUpAfterMs: 10_000 },
    };
    dispatcher = startDispatcher({
      store: claims.store,
      channels: fake.channels,
      publicUrl: 'https://sw.test',
      options,
      clock: () => now,
      random: () => 1,
    });
    const flaky = async () =>
      (await store.alerts.listDeliveries({ limit: 10 })).find((d) =>
        d.channelKey.includes('flaky.test'),
      );
    const waits: number[] = [];
    for (const attempts of [1, 2]) {
      await until(async () => (await flaky())?.attempts === attempts);
      const record = await flaky();
      const wait = (record?.nextAttemptAt ?? 0) - now;
      waits.push(wait);
      // One millisecond before it falls due, a look at the outbox claims nothing.
      now += wait - 1;
      dispatcher.wake();
      expect((await claims.next(2)).slice(1)).toEqual([0]);
      expect((await flaky())?.attempts).toBe(attempts);
      now += 1;
      dispatcher.wake();
    }
    expect(waits).toEqual([1_000, 2_000]);
    await until(async () => (await flaky())?.status === 'delivered');
    expect(fake.sent.filter((s) => s.host === 'flaky.test')).toHaveLength(3);
    // Past the deadline (10 s after creation), the next failure dead-letters.
    now += 10_000;
    dispatcher.wake();
    await until(async () => (await store.alerts.countDeliveries()).dead === 1);
    const dead = await store.alerts.listDeliveries({ limit: 1, status: 'dead' });
    expect(dead[0]?.lastError).toBe('connection closed by the receiver');
    expect(dead[0]?.attempts).toBeGreaterThan(2);
    expect(dead[0]?.log.at(-1)?.result).toBe('dead');
  });

  it('keeps a slow host to its share: other hosts are not held up', async () => {
    await seed(['slow.test', 'fast.test'], 12);
    // The slow receiver answers nothing until the test lets it.
    let release = (): void => undefined;
    const slowAnswers = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeChannels(
      () => OK,
      (host) => (host === 'slow.test' ? slowAnswers : undefined),
    );
    dispatcher = startDispatcher({
      store,
      channels: fake.channels,
      publicUrl: 'https://sw.test',
      options: { ...FAST, perHostConcurrency: 2, concurrency: 16 },
    });
    try {
      await until(delivered(12));
      // All 12 fast ones are delivered while the slow host holds its 2 slots and answered none.
      expect(fake.sent.map((s) => s.host)).toEqual(Array(12).fill('fast.test'));
      expect(fake.inFlight('slow.test')).toBe(2);
    } finally {
      release(); // also when failing: the dispatcher's stop waits for the held sends
    }
    await until(delivered(24));
    expect(fake.maxInFlight().get('slow.test')).toBe(2);
  });

  it('pauses a channel failing N times in a row; resuming sends what waited', async () => {
    await seed(['broken.test'], 6);
    let healthy = false;
    const fake = fakeChannels(() => (healthy ? OK : { ok: false, code: 500, detail: 'down' }));
    let now = Date.now();
    const claims = watchClaims(store);
    dispatcher = startDispatcher({
      store: claims.store,
      channels: fake.channels,
      publicUrl: 'https://sw.test',
      options: { ...FAST, pauseAfterFailures: 3, perHostConcurrency: 1 },
      clock: () => now,
    });
    await until(async () => (await store.alerts.listChannels())[0]?.pausedAt != null);
    // Sends claimed before the pause finish and are logged; then nothing is held any more.
    const logged = async () =>
      (await store.alerts.listDeliveries({ limit: 10 })).reduce((n, d) => n + d.log.length, 0);
    await until(async () => (await logged()) === fake.started());
    const attemptsWhilePaused = fake.started();
    // Every retry is due now (waits are at most 40 ms), yet the outbox looks claim nothing.
    now += 1_000;
    dispatcher.wake();
    expect(await claims.next(3)).toEqual([0, 0, 0]);
    expect(fake.started()).toBe(attemptsWhilePaused);
    expect((await store.alerts.countDeliveries()).pending).toBe(6);
    healthy = true;
    await store.alerts.resumeChannel(makeTarget('broken.test').key);
    dispatcher.wake();
    await until(delivered(6));
  });
});
