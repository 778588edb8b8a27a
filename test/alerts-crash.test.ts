import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatcherChild, waitUntil as pollUntil } from './support/dispatcher-process.ts';
import { withDeliveryPlan } from '../src/alerts/plan-deliveries.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeEvent, makeIngestWrite, makeProvider } from './support/builders.ts';
import { startHttpSink, type HttpSink } from './alert-sinks.ts';

const FANOUT = 1_000;
const LEASE_MS = 1_000;

let dir: string;
let sink: HttpSink;
let store: Store;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statuswatch-crash-'));
  sink = await startHttpSink();
  store = await openSqliteStore(join(dir, 'statuswatch.db'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await store.close();
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dispatcher crash safety', () => {
  it('loses nothing when killed mid fan-out; repeats carry the same idempotency key', async () => {
    // Slow enough that the fan-out is still running when the first process dies.
    for (let i = 0; i < FANOUT; i++) sink.on(`/s/${i}`, () => ({ status: 200, delayMs: 8 }));
    await store.addProvider(makeProvider(), Date.now());
    for (let i = 0; i < FANOUT; i++) {
      const spec = {
        providers: 'all' as const,
        components: [],
        groups: [],
        minimumImpact: 'none' as const,
        events: ['opened' as const],
        channel: {
          kind: 'webhook' as const,
          url: `${sink.url}/s/${i}`,
          secret: 'crash-test-secret-01',
          format: 'statuswatch-v1' as const,
        },
      };
      const target = { key: `webhook:s${i}`, host: new URL(sink.url).host, label: `/s/${i}` };
      await store.alerts.addSubscription({ spec, target, createdAt: Date.now() });
    }
    const now = Date.now();
    const write = makeIngestWrite({ events: [makeEvent({ detectedAt: now })] });
    await store.applyIngest(await withDeliveryPlan(store, write, { components: null, now }));
    expect((await store.alerts.countDeliveries()).pending).toBe(FANOUT);

    const first = await startChild(join(dir, 'statuswatch.db'));
    await sink.waitFor(250, 10_000);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const receivedBeforeCrash = sink.requests.length;
    const recorded = await store.alerts.countDeliveries();
    expect(receivedBeforeCrash).toBeLessThan(FANOUT);
    expect(recorded.pending).toBeGreaterThan(0);

    const second = await startChild(join(dir, 'statuswatch.db'));
    await waitUntil(
      () => Promise.resolve(new Set(sink.requests.map((r) => r.path)).size === FANOUT),
      20_000,
    );
    await waitUntil(
      async () => (await store.alerts.countDeliveries()).delivered === FANOUT,
      10_000,
    );
    second.kill('SIGTERM');
    await once(second, 'exit');

    const keysByPath = new Map<string, Set<string>>();
    for (const r of sink.requests) {
      const keys = keysByPath.get(r.path) ?? new Set();
      keys.add(String(r.headers['idempotency-key']));
      keysByPath.set(r.path, keys);
    }
    expect(keysByPath.size).toBe(FANOUT);
    expect([...keysByPath.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(new Set([...keysByPath.values()].flatMap((k) => [...k])).size).toBe(FANOUT);
    expect(await store.alerts.countDeliveries()).toEqual({
      pending: 0,
      delivered: FANOUT,
      dead: 0,
    });
    console.info(
      `crash test: ${receivedBeforeCrash} received before SIGKILL, ${sink.requests.length - FANOUT} repeats`,
    );
  }, 60_000);
});

// --- helpers ---

function startChild(dbPath: string): Promise<ChildProcess> {
  return startDispatcherChild([dbPath, String(LEASE_MS)], children);
}

function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  return pollUntil(condition, timeoutMs, async () =>
    JSON.stringify(await store.alerts.countDeliveries()),
  );
}
