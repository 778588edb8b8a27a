// Issue 12, acceptance 4: `kill -9` of the dispatcher during a fan-out to 1,000 subscribers
// loses none. The same pattern as test/alerts-crash.test.ts, with the own page's subscribers
// (subscribed and confirmed through the real opt-in) and a real SMTP server.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatcherChild, waitUntil as pollUntil } from './support/dispatcher-process.ts';
import { authorNew, openIncident } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import {
  acmePage,
  linksIn,
  mailHeader,
  startRig,
  startSlowSmtpSink,
  type CountingSmtpSink,
  type Rig,
} from './_own-page-subscribers-kit.ts';

const FANOUT = 1_000;
const LEASE_MS = 1_000;

let dir: string;
let sink: CountingSmtpSink;
let store: Store;
let rig: Rig;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statuswatch-subscribers-crash-'));
  sink = await startSlowSmtpSink(0);
  store = await openSqliteStore(join(dir, 'statuswatch.db'));
  const page = acmePage({ perClientPerHour: 10_000, perAddressPerHour: 100 });
  rig = await startRig(store, sink.port, { page });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rig.close();
  await store.close();
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

describe('own page subscribers: dispatcher crash during a fan-out', () => {
  it('loses none of 1,000 confirmed subscribers when killed mid fan-out; repeats carry the same key', async () => {
    for (let i = 0; i < FANOUT; i++) {
      const components = i % 2 === 0 ? [] : ['api'];
      const outcome = await rig.subscribers.subscribe(
        { email: address(i), components },
        '10.0.0.1',
      );
      expect(outcome.ok).toBe(true);
    }
    await rig.subscribers.settled();
    expect(new Set(sink.mails.flatMap((m) => m.to)).size).toBe(FANOUT);
    for (const mail of sink.mails) {
      const [link] = linksIn(mail.raw, '/status/subscribe/confirm');
      const token = new URL(link ?? 'https://x.invalid/').searchParams.get('token') ?? '';
      expect(await rig.subscribers.confirm(token)).not.toBeNull();
    }
    sink.mails.length = 0;
    // Slow enough that the fan-out is still running when the first process dies.
    sink.delayMs = 10;

    await authorNew(
      rig.writer,
      Date.now(),
      (cs, ctx) =>
      openIncident(cs, { title: 'API down', impact: 'major', body: 'Investigating.', components: { api: 'major_outage' } }, ctx), // prettier-ignore
    );
    expect((await store.alerts.countDeliveries()).pending).toBe(FANOUT);

    const first = await startChild();
    await waitUntil(() => Promise.resolve(sink.mails.length >= 250), 20_000);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const receivedBeforeCrash = sink.mails.length;
    expect(receivedBeforeCrash).toBeLessThan(FANOUT);
    expect((await store.alerts.countDeliveries()).pending).toBeGreaterThan(0);

    const second = await startChild();
    await waitUntil(
      () => Promise.resolve(new Set(sink.mails.flatMap((m) => m.to)).size === FANOUT),
      30_000,
    );
    await waitUntil(
      async () => (await store.alerts.countDeliveries()).delivered === FANOUT,
      10_000,
    );
    second.kill('SIGTERM');
    await once(second, 'exit');

    const keysByAddress = new Map<string, Set<string>>();
    for (const mail of sink.mails) {
      for (const to of mail.to) {
        const keys = keysByAddress.get(to) ?? new Set();
        keys.add(String(mail.key));
        keysByAddress.set(to, keys);
      }
      expect(mailHeader(mail.raw, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }
    expect(keysByAddress.size).toBe(FANOUT);
    expect([...keysByAddress.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(new Set([...keysByAddress.values()].flatMap((k) => [...k])).size).toBe(FANOUT);
    expect(await store.alerts.countDeliveries()).toEqual({
      pending: 0,
      delivered: FANOUT,
      dead: 0,
    });
    console.info(
      `subscribers crash test: ${receivedBeforeCrash} mails before SIGKILL, ${sink.mails.length - FANOUT} repeats`,
    );
  }, 120_000);
});

// --- helpers ---

function address(i: number): string {
  return `subscriber${i}@example.test`;
}

function startChild(): Promise<ChildProcess> {
  return startDispatcherChild(
    [join(dir, 'statuswatch.db'), String(LEASE_MS), String(sink.port)],
    children,
  );
}

function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  return pollUntil(
    condition,
    timeoutMs,
    async () =>
      `${JSON.stringify(await store.alerts.countDeliveries())}, ${String(sink.mails.length)} mails`,
  );
}
