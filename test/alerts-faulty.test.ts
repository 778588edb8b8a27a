import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, createSubscription, startDispatcher } from '../src/alerts/index.ts';
import { isStatuswatchError } from '../src/domain/index.ts';
import { withDeliveryPlan } from '../src/alerts/plan-deliveries.ts';
import type { DeliveryRecord } from '../src/storage/alert-store.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeEvent, makeIngestWrite, makeProvider } from './support/builders.ts';
import { startHttpSink, type HttpSink } from './alert-sinks.ts';
import { verifySignature } from './verify-signature.ts';

const EVENTS = 20;
const SECRET = 'faulty-test-secret-0001';
/**
 * How long a send may wait for an answer: the hanging receiver fails by it, and every other
 * receiver must answer within it. 400 ms timed out healthy sends on a loaded 2-core machine, so
 * it is 2 s: far above a local answer, and the hangs still fail by it.
 */
const TIMEOUT_MS = 2_000;

/** Four receivers, each on its own host:port; three misbehave for a while, one never does. */
const sinks: Record<'healthy' | 'errors' | 'hangs' | 'closes', HttpSink | null> = {
  healthy: null,
  errors: null,
  hangs: null,
  closes: null,
};
let store: Store;

beforeAll(async () => {
  for (const name of Object.keys(sinks) as (keyof typeof sinks)[])
    sinks[name] = await startHttpSink();
  sink('errors').on('/hook', (n) => (n <= 10 ? { status: 500 } : 'ok'));
  sink('hangs').on('/hook', (n) => (n <= 4 ? 'hang' : 'ok'));
  sink('closes').on('/hook', (n) => (n <= 6 ? 'close' : 'ok'));
  store = await openSqliteStore(':memory:');
});
afterAll(async () => {
  await store.close();
  await Promise.all(Object.values(sinks).map((s) => s?.close() ?? Promise.resolve()));
});

describe('faulty receivers', () => {
  it('are retried with backoff until they answer', async () => {
    const channels = createChannels({ http: { allowList: ['127.0.0.1'], timeoutMs: TIMEOUT_MS } });
    await store.addProvider(makeProvider(), Date.now());
    const ids: Record<string, number> = {};
    for (const name of Object.keys(sinks)) {
      const input = { channel: { kind: 'webhook', url: `${sink(name).url}/hook`, secret: SECRET } };
      ids[name] = (await createSubscription(store, channels, input, Date.now())).id;
    }
    const dispatcher = startDispatcher({
      store,
      channels,
      publicUrl: 'https://sw.example',
      options: {
        perHostConcurrency: 2,
        safetyPollMs: 100,
        retry: { baseMs: 150, maxDelayMs: 600, giveUpAfterMs: 60_000 },
      },
    });
    try {
      const now = Date.now();
      const events = Array.from({ length: EVENTS }, (_, i) =>
        makeEvent({ incidentVendorId: `inc-${i}`, detectedAt: now }),
      );
      await store.applyIngest(
        await withDeliveryPlan(store, makeIngestWrite({ events }), { components: null, now }),
      );
      dispatcher.wake();
      await waitUntil(
        store,
        async () => (await store.alerts.countDeliveries()).delivered === 4 * EVENTS,
        20_000,
      );
    } finally {
      await dispatcher.stop();
      await channels.close();
    }
    const log = async (name: string) =>
      store.alerts.listDeliveries({ subscriptionId: ids[name] ?? -1, limit: 100 });
    expect((await log('healthy')).every((d) => d.attempts === 1)).toBe(true);
    expectRetried(await log('errors'), 10, (a) => a.responseCode === 500 && a.detail === 'nope');
    expectRetried(
      await log('hangs'),
      4,
      (a) =>
        a.responseCode === null && (a.detail ?? '').endsWith(`no answer within ${TIMEOUT_MS} ms`),
    );
    expectRetried(
      await log('closes'),
      6,
      (a) => a.responseCode === null && /closed|reset|socket/i.test(a.detail ?? ''),
    );
  }, 30_000);

  it('a receiver that does not answer holds up no one else', async () => {
    // The stuck receiver answers only when the test lets it; the channel timeout lies far beyond
    // the test, so no send times out and every order below is decided by events alone.
    let letAnswer = (): void => undefined;
    const answered = new Promise<void>((resolve) => (letAnswer = resolve));
    const stuck = await startHttpSink();
    const healthy = await startHttpSink();
    stuck.on('/hook', () => ({ until: answered }));
    const db = await openSqliteStore(':memory:');
    const channels = createChannels({ http: { allowList: ['127.0.0.1'], timeoutMs: 120_000 } });
    await db.addProvider(makeProvider(), Date.now());
    const ids: number[] = [];
    for (const receiver of [stuck, healthy]) {
      const input = { channel: { kind: 'webhook', url: `${receiver.url}/hook`, secret: SECRET } };
      ids.push((await createSubscription(db, channels, input, Date.now())).id);
    }
    const dispatcher = startDispatcher({
      store: db,
      channels,
      publicUrl: 'https://sw.example',
      options: { perHostConcurrency: 2 },
    });
    const deliveredTo = async (id: number | undefined) =>
      (await db.alerts.listDeliveries({ subscriptionId: id ?? -1, limit: 100 })).filter(
        (d) => d.status === 'delivered',
      ).length;
    try {
      const now = Date.now();
      const events = Array.from({ length: EVENTS }, (_, i) =>
        makeEvent({ incidentVendorId: `inc-${i}`, detectedAt: now }),
      );
      await db.applyIngest(
        await withDeliveryPlan(db, makeIngestWrite({ events }), { components: null, now }),
      );
      dispatcher.wake();
      await waitUntil(db, async () => (await deliveredTo(ids[1])) === EVENTS, 10_000);
      // Everything reached the healthy receiver while the stuck one has answered nothing and
      // holds no more than its own two slots.
      expect(await deliveredTo(ids[0])).toBe(0);
      expect(stuck.requests.length).toBeLessThanOrEqual(2);
      letAnswer();
      await waitUntil(db, async () => (await deliveredTo(ids[0])) === EVENTS, 10_000);
    } finally {
      letAnswer();
      await dispatcher.stop();
      await channels.close();
      await Promise.all([stuck.close(), healthy.close()]);
      await db.close();
    }
  }, 30_000);

  it('signs every request so that a separate check accepts it', () => {
    const requests = Object.values(sinks).flatMap((s) => s?.requests ?? []);
    expect(requests.length).toBeGreaterThanOrEqual(4 * EVENTS);
    for (const r of requests) {
      const ok = verifySignature(
        String(r.headers['statuswatch-signature']),
        r.body,
        SECRET,
        r.at / 1000,
      );
      expect(ok).toBe(true);
    }
  });

  it('refuses an invalid webhook URL or email address when the subscription is created', async () => {
    const channels = createChannels({
      smtp: {
        host: '127.0.0.1',
        port: 1,
        secure: false,
        from: 'x@y.z',
        maxConnections: 1,
        timeoutMs: 100,
      },
    });
    try {
      for (const channel of [
        { kind: 'webhook', url: 'htp:/broken' },
        { kind: 'email', to: ['oncall(at)example.com'] },
      ]) {
        await expect(
          createSubscription(store, channels, { channel }, Date.now()),
        ).rejects.toSatisfy((e) => isStatuswatchError(e) && !e.message.includes('\n'));
      }
    } finally {
      await channels.close();
    }
  });
});

// --- helpers ---

function sink(name: string): HttpSink {
  const found = sinks[name as keyof typeof sinks];
  if (!found) throw new Error(`no sink ${name}`);
  return found;
}

/** `failures` failed attempts in all, each matching `failed`, every delivery delivered in the end. */
function expectRetried(
  deliveries: DeliveryRecord[],
  failures: number,
  failed: (a: DeliveryRecord['log'][number]) => boolean,
): void {
  const attempts = deliveries.flatMap((d) => d.log);
  const failedAttempts = attempts.filter((a) => a.result === 'failed');
  expect(failedAttempts).toHaveLength(failures);
  expect(failedAttempts.every(failed)).toBe(true);
  expect(
    deliveries.every((d) => d.status === 'delivered' && d.log.at(-1)?.result === 'delivered'),
  ).toBe(true);
  // Backoff: a retry waits at least half the base delay (150 ms, equal jitter) after the failure.
  const retried = deliveries.filter((d) => d.log.length >= 2);
  expect(retried.length).toBeGreaterThan(0);
  for (const d of retried) {
    const [first, second] = d.log;
    expect(
      (second?.attemptedAt ?? 0) - ((first?.attemptedAt ?? 0) + (first?.latencyMs ?? 0)),
    ).toBeGreaterThanOrEqual(70);
  }
}

async function waitUntil(
  db: Store,
  condition: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end)
      throw new Error(`not done: ${JSON.stringify(await db.alerts.countDeliveries())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
