import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactWord, type Incident, type StoredIncident } from '../src/domain/index.ts';
import { createFetcher, type Fetcher } from '../src/fetch/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { createScheduler } from '../src/ingest/scheduler.ts';
import { statuspageV2 } from '../src/sources/statuspage-v2.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

let raw: Store;
let store: Store;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  store = notices.store;
  await seedStore(store);
  app = createWebServer({
    store,
    onIngest: (listener) => notices.onIngest(listener),
    clock: () => SEED_NOW,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  await raw.close();
});

/** The facts a Statuspage client can carry; ids are namespaced by provider on the way out. */
function facts(i: Incident, id = i.vendorId) {
  return {
    id,
    title: i.title,
    kind: i.kind,
    impact: i.impact,
    status: i.status,
    startedAt: i.startedAt,
    monitoringAt: i.monitoringAt,
    resolvedAt: i.resolvedAt,
    components: i.components.map((c) => c.name),
    updates: i.updates.map((u) => [
      u.vendorId,
      u.status,
      u.bodyText,
      u.displayedAt,
      u.affectedComponents.length,
    ]),
    postmortem: i.postmortem?.bodyText ?? null,
  };
}

// Where the vendor gave no impact (feeds), the output carries the derived Statuspage word.
const stored = (i: StoredIncident) => ({
  ...facts(i, `${i.providerSlug}~${i.vendorId}`),
  impact: impactWord(i).impact,
});

async function parsedFrom(path: string) {
  const res = await fetch(base + path);
  expect(res.status).toBe(200);
  return statuspageV2.parse(await res.text(), {
    url: base + path,
    fetchedAt: SEED_NOW,
    contentType: null,
  });
}

describe('Statuspage-compatible output', () => {
  it('incidents.json reads back, through our own Statuspage parser, as the stored incidents', async () => {
    const snapshot = await parsedFrom('/api/v2/incidents.json');
    expect(snapshot.warnings).toEqual([]);
    const expected = await store.listIncidents({ kind: 'incident', limit: 50 });
    expect(expected.length).toBeGreaterThan(20);
    expect(snapshot.incidents.map((i) => facts(i))).toEqual(expected.map(stored));
  });

  it('summary.json: one component per provider, open incidents only, worst status', async () => {
    const snapshot = await parsedFrom('/api/v2/summary.json');
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.coverage).toBe('open-only');
    const components = Object.fromEntries(
      (snapshot.components ?? []).map((c) => [c.vendorId, c.status]),
    );
    expect(components).toEqual({
      broken: 'degraded_performance', // failing: never "operational"
      github: 'partial_outage',
      githubstatus: 'degraded_performance', // stale
      hostile: 'operational',
      openai: 'degraded_performance',
    });
    const open = await store.listIncidents({ openOnly: true, kind: 'incident' });
    expect(snapshot.incidents.map((i) => i.vendorId).sort()).toEqual(
      open.map((i) => `${i.providerSlug}~${i.vendorId}`).sort(),
    );
    const status = (await (await fetch(`${base}/api/v2/status.json`)).json()) as {
      status: unknown;
    };
    expect(status.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('links incidents where Statuspage clients expect them', async () => {
    const res = await fetch(`${base}/incidents/github~gqx5l06jjxhp`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/providers/github/incidents/gqx5l06jjxhp');
  });
});

describe('watching statuswatch with statuswatch', () => {
  let mirror: Store;
  let fetcher: Fetcher;
  beforeAll(async () => {
    mirror = await openSqliteStore(':memory:');
    fetcher = createFetcher({ allowList: ['127.0.0.1'], connectTimeoutMs: 2_000 });
    await mirror.addProvider(
      {
        slug: 'sw',
        name: 'statuswatch',
        pageUrl: base,
        sourceUrl: `${base}/api/v2/summary.json`,
        format: 'statuspage-v2',
        poll: { intervalMs: 60_000, openIncidentIntervalMs: 15_000 },
        createdAt: SEED_NOW,
      },
      SEED_NOW,
    );
  });
  afterAll(async () => {
    await fetcher.close();
    await mirror.close();
  });

  const pollOnce = (now: number) =>
    createScheduler({
      store: mirror,
      fetcher,
      deliveries: noDeliveries,
      clock: () => now,
      concurrency: 1,
    }).runOnce();

  it('gets the same open incidents back, then follows one to its resolution', async () => {
    const [first] = await pollOnce(SEED_NOW);
    expect(first?.outcome).toBe('ingested');
    const open = await store.listIncidents({ openOnly: true, kind: 'incident' });
    const mirrored = await mirror.listIncidents({
      providerSlug: 'sw',
      kind: 'incident',
      openOnly: true,
    });
    expect(mirrored.map((i) => facts(i)).sort(byId)).toEqual(open.map(stored).sort(byId));
    // The history companion (our incidents.json) brought the resolved history too, as backfill.
    const history = await mirror.listIncidents({ providerSlug: 'sw' });
    expect(history.length).toBeGreaterThan(mirrored.length);
    const openIds = new Set(mirrored.map((i) => i.vendorId));
    const resolvedHistory = history.filter((i) => !openIds.has(i.vendorId));
    expect(resolvedHistory.every((i) => i.backfilled)).toBe(true);

    // The vendor resolves GitHub's open incident; the summary drops it, and the mirror fetches
    // /api/v2/incidents/{id}.json to learn how it ended.
    const github = open.find((i) => i.providerSlug === 'github');
    if (github === undefined) throw new Error('seed has no open GitHub incident');
    const resolvedAt = SEED_NOW - 5_000;
    const [firstUpdate] = github.updates;
    if (firstUpdate === undefined) throw new Error('no update');
    const update = {
      ...firstUpdate,
      vendorId: 'resolved-1',
      status: 'resolved' as const,
      bodyText: 'This incident has been resolved.',
      bodyHtml: '<p>This incident has been resolved.</p>',
      displayedAt: resolvedAt,
      createdAt: resolvedAt,
      affectedComponents: [],
    };
    const resolved = {
      ...github,
      status: 'resolved' as const,
      resolvedAt,
      updates: [...github.updates, update],
      lastChangedAt: SEED_NOW,
    };
    const state = await store.loadProviderState('github', []);
    await store.applyIngest({
      providerSlug: 'github',
      components: null,
      incidents: [resolved],
      events: [],
      status: 'operational',
      source: state.source,
      imported: false,
    });

    await mirror.applyIngest({
      ...(await mirrorWrite()),
      source: { ...(await mirror.loadProviderState('sw', [])).source, nextPollAt: SEED_NOW },
    });
    const [second] = await pollOnce(SEED_NOW + 1_000);
    expect(second?.outcome).toBe('ingested');
    const back = await mirror.getIncident('sw', `github~${github.vendorId}`);
    expect(back === null ? null : facts(back)).toEqual(stored(resolved));
  });

  async function mirrorWrite() {
    const state = await mirror.loadProviderState('sw', []);
    return {
      providerSlug: 'sw',
      components: null,
      incidents: [],
      events: [],
      status: state.status,
      source: state.source,
      imported: false,
    };
  }
});

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}
