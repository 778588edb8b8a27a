import { afterEach, describe, expect, it } from 'vitest';
import { withIngestNotices } from '../ingest/ingest-notifier.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import type { Store } from '../storage/store.ts';
import { draftsFor, makeNewSubscription, makeTarget } from '../../test/support/alert-builders.ts';
import { T0, makeEvent, makeIngestWrite, makeProvider } from '../../test/support/builders.ts';
import type { Channels } from './channels/index.ts';
import type { SendOutcome } from './channels/channel.ts';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { AlertMessage } from './message.ts';
import type { Subscription } from './subscription.ts';

interface Sent {
  host: string;
  key: string;
  message: AlertMessage;
  at: number;
}

/** Channels that answer what `answer` says after `delayMs`, and remember every send. */
function fakeChannels(answer: (host: string, n: number) => SendOutcome | 'throw', delayMs: (host: string) => number = () => 0) {
  const sent: Sent[] = [];
  const inFlight = new Map<string, number>();
  let maxInFlight = new Map<string, number>();
  const channels: Channels = {
    validate: () => { throw new Error('unused'); },
    target: () => makeTarget(),
    hostConcurrency: () => null,
    close: () => Promise.resolve(),
    async send(message, settings, meta) {
      const host = new URL(settings.kind === 'email' ? 'http://smtp' : settings.url).host;
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, inFlight.get(host) ?? 0));
      await new Promise((r) => setTimeout(r, delayMs(host)));
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
      sent.push({ host, key: meta.idempotencyKey, message, at: Date.now() });
      const outcome = answer(host, sent.filter((s) => s.host === host).length);
      if (outcome === 'throw') throw new Error('connection closed by the receiver');
      return outcome;
    },
  };
  return { channels, sent, maxInFlight: () => maxInFlight, reset: () => { maxInFlight = new Map(); } };
} // prettier-ignore

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
    const spec = { channel: { kind: 'webhook' as const, url: `https://${host}/hook`, secret: 'x'.repeat(16), format: 'statuswatch-v1' as const } };
    subscriptions.push(await store.alerts.addSubscription(makeNewSubscription({ spec, target: makeTarget(host) })));
  }
  const list = Array.from({ length: events }, (_, i) => makeEvent({ incidentVendorId: `inc-${i}` }));
  await store.applyIngest(makeIngestWrite({ events: list, planDeliveries: (e) => draftsFor(e, subscriptions, Date.now()) }));
} // prettier-ignore

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
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
    dispatcher = startDispatcher({ store: notices.store, channels: fake.channels, publicUrl: 'https://sw.test', onIngest: (l) => notices.onIngest(l), options: { safetyPollMs: 60_000 } });
    await new Promise((r) => setTimeout(r, 50));
    const written = Date.now();
    await notices.store.applyIngest(makeIngestWrite({ events: [makeEvent()], planDeliveries: (e) => draftsFor(e, [sub], Date.now()) }));
    await until(delivered(1), 2_000);
    expect((fake.sent[0]?.at ?? Infinity) - written).toBeLessThan(500);
  }); // prettier-ignore

  it('retries failures with growing waits, then dead-letters', async () => {
    await seed(['flaky.test', 'down.test'], 1);
    const fake = fakeChannels((host, n) => (host === 'flaky.test' && n >= 3 ? OK : host === 'down.test' ? 'throw' : { ok: false, code: 503, detail: 'busy' }));
    const options = { ...FAST, retry: { baseMs: 50, maxDelayMs: 1_000, giveUpAfterMs: 600 } };
    dispatcher = startDispatcher({ store, channels: fake.channels, publicUrl: 'https://sw.test', options, random: () => 1 });
    await until(async () => { const c = await store.alerts.countDeliveries(); return c.delivered === 1 && c.dead === 1; });
    const flaky = fake.sent.filter((s) => s.host === 'flaky.test').map((s) => s.at);
    expect(flaky).toHaveLength(3);
    const gaps = [(flaky[1] ?? 0) - (flaky[0] ?? 0), (flaky[2] ?? 0) - (flaky[1] ?? 0)];
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThan((gaps[0] ?? 0) * 1.5);
    const dead = await store.alerts.listDeliveries({ limit: 1, status: 'dead' });
    expect(dead[0]?.lastError).toBe('connection closed by the receiver');
    expect(dead[0]?.attempts).toBeGreaterThan(2);
    expect(dead[0]?.log.at(-1)?.result).toBe('dead');
  }); // prettier-ignore

  it('keeps a slow host to its share: other hosts are not held up', async () => {
    await seed(['slow.test', 'fast.test'], 12);
    const fake = fakeChannels(() => OK, (host) => (host === 'slow.test' ? 150 : 1));
    dispatcher = startDispatcher({ store, channels: fake.channels, publicUrl: 'https://sw.test', options: { ...FAST, perHostConcurrency: 2, concurrency: 16 } });
    await until(delivered(24), 10_000);
    expect(fake.maxInFlight().get('slow.test')).toBe(2);
    const lastFast = Math.max(...fake.sent.filter((s) => s.host === 'fast.test').map((s) => s.at));
    const slow = fake.sent.filter((s) => s.host === 'slow.test').map((s) => s.at);
    // All 12 fast ones are done before the slow host got through a third of its deliveries.
    expect(slow.filter((t) => t <= lastFast).length).toBeLessThanOrEqual(4);
  }); // prettier-ignore

  it('pauses a channel failing N times in a row; resuming sends what waited', async () => {
    await seed(['broken.test'], 6);
    let healthy = false;
    const fake = fakeChannels(() => (healthy ? OK : { ok: false, code: 500, detail: 'down' }));
    dispatcher = startDispatcher({ store, channels: fake.channels, publicUrl: 'https://sw.test', options: { ...FAST, pauseAfterFailures: 3, perHostConcurrency: 1 } });
    await until(async () => (await store.alerts.listChannels())[0]?.pausedAt != null);
    await new Promise((r) => setTimeout(r, 150));
    const attemptsWhilePaused = fake.sent.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.sent.length).toBe(attemptsWhilePaused);
    expect((await store.alerts.countDeliveries()).pending).toBe(6);
    healthy = true;
    await store.alerts.resumeChannel(makeTarget('broken.test').key);
    dispatcher.wake();
    await until(delivered(6));
  }); // prettier-ignore
});
