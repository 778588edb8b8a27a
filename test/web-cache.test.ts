import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { IngestWrite, Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

let raw: Store;
let store: Store;
let app: FastifyInstance;
let now: number;
let reads: number;

/** Counts store reads, so a test can tell a cached answer from a fresh render. */
function counting(inner: Store): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (
          String(prop).startsWith('list') ||
          String(prop).startsWith('get') ||
          String(prop).startsWith('load')
        )
          reads += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedStore(raw);
  const notices = withIngestNotices(raw);
  store = notices.store;
  now = SEED_NOW;
  reads = 0;
  app = createWebServer({
    store: counting(store),
    onIngest: (listener) => notices.onIngest(listener),
    clock: () => now,
  });
});
afterEach(async () => {
  await app.close();
  await raw.close();
});

async function healthOnlyWrite(slug: string): Promise<IngestWrite> {
  const state = await store.loadProviderState(slug, []);
  const health = { ...state.source.health, lastSuccessAt: now };
  return {
    providerSlug: slug,
    components: null,
    incidents: [],
    events: [],
    status: state.status,
    source: { ...state.source, health },
    imported: false,
  };
}

async function renamedIncidentWrite(slug: string, title: string): Promise<IngestWrite> {
  const state = await store.loadProviderState(slug, []);
  const [open] = state.incidents;
  if (open === undefined) throw new Error(`${slug} has no open incident`);
  return { ...(await healthOnlyWrite(slug)), incidents: [{ ...open, title, lastChangedAt: now }] };
}

const get = async (url: string) => {
  const before = reads;
  const res = await app.inject(url);
  return { res, rendered: reads > before };
};

describe('page cache', () => {
  it('serves a rendered page again without reading the store', async () => {
    const first = await get('/providers/github');
    const second = await get('/providers/github');
    expect([first.rendered, second.rendered]).toEqual([true, false]);
    expect(second.res.headers.etag).toBe(first.res.headers.etag);
    expect(second.res.body).toBe(first.res.body);
  });

  it('drops the pages of a provider whose data changed, at once, and keeps the others', async () => {
    await get('/providers/github');
    await get('/providers/openai');
    await get('/');
    await store.applyIngest(await renamedIncidentWrite('github', 'Packages are slow (renamed)'));
    const github = await get('/providers/github');
    expect(github.rendered).toBe(true);
    expect(github.res.body).toContain('Packages are slow (renamed)');
    expect((await get('/')).rendered).toBe(true);
    expect((await get('/providers/openai')).rendered).toBe(false);
  });

  it('lets a poll that changed nothing wait a few seconds, not re-render every time', async () => {
    await get('/');
    await store.applyIngest(await healthOnlyWrite('openai'));
    expect((await get('/')).rendered).toBe(false);
    now += 6_000;
    expect((await get('/')).rendered).toBe(true);
    expect((await get('/')).rendered).toBe(false);
  });

  it('re-renders after a minute anyway, for relative times and writes by other processes', async () => {
    await get('/api/v1/providers');
    now += 59_000;
    expect((await get('/api/v1/providers')).rendered).toBe(false);
    now += 2_000;
    expect((await get('/api/v1/providers')).rendered).toBe(true);
  });

  it('keys pages by time zone and JSON by URL', async () => {
    await get('/providers/github');
    expect((await get('/providers/github?tz=Asia/Tokyo')).rendered).toBe(true);
    const cookie = await app.inject({
      url: '/providers/github',
      headers: { cookie: 'tz=Asia%2FTokyo' },
    });
    expect(cookie.body).toContain('GMT+9');
  });
});

describe('without ingest notices', () => {
  it('caches nothing, since nothing would tell it about writes', async () => {
    const plain = createWebServer({ store: counting(raw), clock: () => now });
    const before = reads;
    await plain.inject('/');
    const middle = reads;
    await plain.inject('/');
    expect(middle).toBeGreaterThan(before);
    expect(reads).toBeGreaterThan(middle);
    await plain.close();
  });
});
