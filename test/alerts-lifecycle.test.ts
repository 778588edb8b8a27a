import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChannels,
  createSubscription,
  alertDeliveryPlanner,
  startDispatcher,
  webhookPayloadV1Schema,
} from '../src/alerts/index.ts';
import type { StoredEvent } from '../src/domain/index.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { pollSource } from '../src/ingest/poll-source.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from './alert-sinks.ts';
import {
  API,
  API_INCIDENT,
  MAINTENANCE,
  PAGES,
  PAGES_INCIDENT,
  lifecycleViews,
  type LifecycleViews,
} from './alert-lifecycle-pages.ts';
import { scriptRoute, startFakeVendor, type FakeVendor } from './fake-vendor.ts';

/**
 * The fake vendor plays an incident lifecycle, polled by the real poller; a real SMTP server and
 * a real HTTP receiver take the alerts. Each subscriber must get exactly what its filters pick.
 */
let dir: string;
let vendor: FakeVendor;
let http: HttpSink;
let smtp: SmtpSink;
let store: Store;
const subscribers = new Map<string, number>();

const SUBSCRIPTIONS: Record<string, (sink: string) => unknown> = {
  everything: () => ({ channel: { kind: 'email', to: ['oncall@example.com'] } }),
  apiOnly: (sink) => ({ components: ['API Requests'], events: ['opened', 'updated', 'resolved', 'postmortem_published'], channel: { kind: 'webhook', url: `${sink}/api-only`, secret: 'lifecycle-secret-0001' } }),
  majorUp: (sink) => ({ minimumImpact: 'major', channel: { kind: 'discord', url: `${sink}/major` } }),
  coreGroup: (sink) => ({ groups: ['Core'], events: ['component_changes'], channel: { kind: 'teams', url: `${sink}/core` } }),
  pagesStatuspage: (sink) => ({ components: [PAGES], channel: { kind: 'webhook', url: `${sink}/pages`, format: 'statuspage' } }),
  maintenance: (sink) => ({ events: ['maintenance'], channel: { kind: 'slack', url: `${sink}/maint` } }),
  otherProvider: (sink) => ({ providers: ['other'], channel: { kind: 'slack', url: `${sink}/other` } }),
}; // prettier-ignore

const opened = (id: string) => `incident_opened ${id}`;
const changed = (id: string) => `incident_status_changed ${id}`;
const resolved = (id: string) => `incident_resolved ${id}`;
const component = (id: string) => `component_status_changed ${id}`;
const API_LIFECYCLE = [
  opened(API_INCIDENT),
  changed(API_INCIDENT),
  changed(API_INCIDENT),
  resolved(API_INCIDENT),
  `postmortem_published ${API_INCIDENT}`,
];
const EXPECTED: Record<string, string[]> = {
  everything: [...API_LIFECYCLE, component(API), component(API), opened(PAGES_INCIDENT), resolved(PAGES_INCIDENT), component(PAGES), component(PAGES)],
  apiOnly: API_LIFECYCLE,
  majorUp: [...API_LIFECYCLE, component(API), component(API)],
  coreGroup: [component(API), component(API)],
  pagesStatuspage: [opened(PAGES_INCIDENT), resolved(PAGES_INCIDENT), component(PAGES), component(PAGES)],
  maintenance: [`maintenance_scheduled ${MAINTENANCE}`],
  otherProvider: [],
}; // prettier-ignore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statuswatch-alerts-e2e-'));
  [vendor, http, smtp] = await Promise.all([startFakeVendor(), startHttpSink(), startSmtpSink()]);
  store = await openSqliteStore(join(dir, 'statuswatch.db'));
});
afterAll(async () => {
  await store.close();
  await Promise.all([vendor.close(), http.close(), smtp.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('alerts end to end', () => {
  it('gives each subscriber exactly the messages its filters select, one per update', async () => {
    const steps = lifecycleViews(Date.now() - 3_600_000);
    const script = (pick: (v: LifecycleViews) => string) =>
      scriptRoute(
        steps.map((v) => ({ body: pick(v), contentType: 'application/json' })),
        { autoAdvance: false },
      );
    const scripts = [
      ['/api/v2/summary.json', script((v) => v.summary)],
      ['/api/v2/incidents.json', script((v) => v.incidents)],
      ...[...(steps.at(-1)?.single.keys() ?? [])].map(
        (code) =>
          [`/api/v2/incidents/${code}.json`, script((v) => v.single.get(code) ?? '')] as const,
      ),
    ] as const;
    for (const [path, route] of scripts) vendor.route(path, route);
    const sourceUrl = `${vendor.url}/api/v2/summary.json`;
    const poll = { intervalMs: 60_000, openIncidentIntervalMs: 15_000 };
    await store.addProvider(
      {
        slug: 'github',
        name: 'GitHub',
        pageUrl: vendor.url,
        sourceUrl,
        format: 'statuspage-v2',
        poll,
        createdAt: Date.now(),
      },
      Date.now(),
    );
    const smtpOptions = {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'statuswatch <sw@test>',
      maxConnections: 2,
      timeoutMs: 5_000,
    };
    const channels = createChannels({ http: { allowList: ['127.0.0.1'] }, smtp: smtpOptions });
    for (const [name, input] of Object.entries(SUBSCRIPTIONS)) {
      subscribers.set(
        name,
        (await createSubscription(store, channels, input(http.url), Date.now())).id,
      );
    }
    const notices = withIngestNotices(store);
    const fetcher = createFetcher({ allowList: ['127.0.0.1'] });
    const total = Object.values(EXPECTED).reduce((n, list) => n + list.length, 0);
    const dispatcher = startDispatcher({
      store: notices.store,
      channels,
      publicUrl: 'https://sw.example',
      onIngest: (l) => notices.onIngest(l),
      options: { safetyPollMs: 100 },
    });
    try {
      for (let step = 0; step < 6; step++) {
        const record = await store.getProvider('github');
        if (record === null) throw new Error('provider vanished');
        if (step === 5 && record.companion !== null) {
          // The postmortem comes days after resolution; by then the companion's poll is due.
          await store.recordCompanionState('github', { ...record.companion, nextPollAt: 0 });
        }
        const due = (await store.getProvider('github')) ?? record;
        const result = await pollSource(due, {
          store: notices.store,
          fetcher,
          deliveries: alertDeliveryPlanner(notices.store),
          clock: Date.now,
        });
        expect(result.outcome).toBe('ingested');
        for (const [, route] of scripts) route.advance();
      }
      await waitFor(async () => (await store.alerts.countDeliveries()).delivered === total, 10_000);
    } finally {
      await dispatcher.stop();
      await channels.close();
      await fetcher.close();
    }
    const events = new Map((await store.listEvents(0, 1000)).map((e) => [e.id, e]));
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const got = await receivedBy(name, events);
      expect({ name, got: got.sort() }).toEqual({ name, got: [...expected].sort() });
    }
    // History and samples were stored but never became news.
    const subjects = [...events.values()].map(subjectOf).join(' ');
    expect(subjects).not.toMatch(/sampleinc01|oldoutage01/);
    expect(await store.alerts.countDeliveries()).toEqual({ pending: 0, delivered: total, dead: 0 });
  });

  it('sent what every channel needs to say, with one key per (event, subscriber)', async () => {
    const apiRequests = http.requests.filter((r) => r.path === '/api-only');
    for (const request of apiRequests) {
      const payload = webhookPayloadV1Schema.parse(JSON.parse(request.body));
      expect(payload.provider.name).toBe('GitHub');
      expect(payload.links.statuswatch).toBe(
        `https://sw.example/providers/github/incidents/${API_INCIDENT}`,
      );
      expect(request.headers['idempotency-key']).toBe(payload.idempotency_key);
    }
    const texts = apiRequests.map(
      (r) => webhookPayloadV1Schema.parse(JSON.parse(r.body)).update?.text,
    );
    expect(texts).toContain('The cause has been identified: a bad configuration push.');
    expect(texts).toContain('Root cause: a configuration push.');
    const mail = smtp.mails.find((m) => m.subject.includes('Pages slow'));
    expect(mail?.to).toEqual(['oncall@example.com']);
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail?.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail?.raw).toContain('Pages builds are slow.');
    const envelope = JSON.parse(
      http.requests.find((r) => r.path === '/pages')?.body ?? '{}',
    ) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(expect.arrayContaining(['meta', 'page']));
    const keys = [
      ...http.requests.map((r) => String(r.headers['idempotency-key'])),
      ...smtp.mails.map((m) => m.idempotencyKey),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    const deliveries = await store.alerts.listDeliveries({ limit: 100 });
    for (const d of deliveries) {
      expect(d.handedAt).not.toBeNull();
      expect((d.handedAt ?? 0) - d.detectedAt).toBeLessThan(5_000);
      expect(d.vendorPostedAt).not.toBeNull();
    }
  });
});

// --- helpers ---

async function receivedBy(name: string, events: Map<number, StoredEvent>): Promise<string[]> {
  const id = subscribers.get(name) ?? -1;
  const deliveries = await store.alerts.listDeliveries({ subscriptionId: id, limit: 100 });
  const byKey = new Map(deliveries.map((d) => [d.idempotencyKey, d.eventId]));
  const keys =
    name === 'everything'
      ? smtp.mails.map((m) => m.idempotencyKey ?? '')
      : http.requests
          .filter((r) => r.path === `/${pathOf(name)}`)
          .map((r) => String(r.headers['idempotency-key']));
  return keys.map((key) => {
    const event = events.get(byKey.get(key) ?? -1);
    return event === undefined ? `unknown ${key}` : `${event.kind} ${subjectOf(event)}`;
  });
}

function pathOf(name: string): string {
  const paths: Record<string, string> = {
    apiOnly: 'api-only',
    majorUp: 'major',
    coreGroup: 'core',
    pagesStatuspage: 'pages',
    maintenance: 'maint',
    otherProvider: 'other',
  };
  return paths[name] ?? name;
}

function subjectOf(e: StoredEvent): string {
  if ('incidentVendorId' in e) return e.incidentVendorId;
  if (e.kind === 'component_status_changed') return e.componentVendorId;
  return e.kind;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end)
      throw new Error(
        `not done after ${timeoutMs} ms: ${JSON.stringify(await store.alerts.countDeliveries())}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
