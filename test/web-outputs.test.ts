import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SyntaxValidator } from 'fast-xml-validator';
import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPACTS } from '../src/domain/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

let raw: Store;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  await seedStore(notices.store);
  await injectControlCharacter(notices.store);
  app = createWebServer({
    store: notices.store,
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

/** A vendor title holding U+000B (vertical tab), which XML 1.0 cannot carry even escaped. */
async function injectControlCharacter(store: Store): Promise<void> {
  const [incident] = await store.listIncidents({ providerSlug: 'githubstatus', limit: 1 });
  if (incident === undefined) throw new Error('seed has no feed incident');
  const state = await store.loadProviderState('githubstatus', []);
  await store.applyIngest({
    providerSlug: 'githubstatus',
    components: null,
    events: [],
    imported: true,
    status: state.status,
    source: state.source,
    incidents: [{ ...incident, title: `Tab\u000Bbed ${incident.title}` }],
  });
}

describe('Statuspage-compatible JSON', () => {
  it('never sends impact null: feed incidents get a derived Statuspage word', async () => {
    const impacts: unknown[] = [];
    for (const doc of ['summary', 'incidents', 'scheduled-maintenances']) {
      const body = await (await fetch(`${base}/api/v2/${doc}.json`)).text();
      expect(body).not.toContain('"impact":null');
      for (const m of body.matchAll(/"impact":("[a-z]+"|null)/g))
        impacts.push(JSON.parse(m[1] ?? ''));
    }
    expect(impacts.length).toBeGreaterThan(20);
    expect(impacts.filter((i) => !(IMPACTS as readonly unknown[]).includes(i))).toEqual([]);
    const listed = (await (await fetch(`${base}/api/v2/incidents.json`)).json()) as {
      incidents: { id: string; impact: string; impact_derived: boolean }[];
    };
    const fromFeed = listed.incidents.filter((i) => i.id.startsWith('githubstatus~'));
    expect(fromFeed.length).toBeGreaterThan(0);
    expect(fromFeed.every((i) => i.impact_derived)).toBe(true);
  });
});

describe('CORS', () => {
  const origin = 'https://widget.example';
  it('lets any origin read /api/v2, /api/v1 and the feeds, and answers their preflight', async () => {
    for (const path of ['/api/v2/summary.json', '/api/v1/providers', '/feed.atom', '/feed.rss']) {
      const res = await fetch(base + path, { headers: { origin } });
      expect([path, res.headers.get('access-control-allow-origin')]).toEqual([path, '*']);
    }
    const preflight = await fetch(`${base}/api/v2/summary.json`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('sends nothing for write routes, their preflight, or alert settings', async () => {
    const preflight = await fetch(`${base}/api/v1/subscriptions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${base}/providers`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'url=x',
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const page = await fetch(`${base}/`, { headers: { origin } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('compression', () => {
  it('sends brotli or gzip for bodies over 1 KB, and small ones as they are', async () => {
    const plain = await app.inject('/api/v2/summary.json');
    const br = await app.inject({
      url: '/api/v2/summary.json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toContain('<!doctype html>');
    expect(gz.rawPayload.length).toBeLessThan(gunzipSync(gz.rawPayload).length / 2);
    const small = await app.inject({
      url: '/api/v2/status.json',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('feeds', () => {
  it('parse with a strict XML parser after a control character in a title', async () => {
    for (const path of ['/feed.atom', '/feed.rss', '/providers/githubstatus/feed.atom']) {
      const body = await (await fetch(base + path)).text();
      expect(() => SyntaxValidator.validate(body)).not.toThrow();
      expect(body).not.toContain('\u000B');
      expect(body).toContain('Tabbed ');
    }
  });

  it('date and order items by the same rule in Atom and RSS', async () => {
    const atom = parseAtomFeed(await (await fetch(`${base}/feed.atom`)).text());
    const rss = parseRssFeed(await (await fetch(`${base}/feed.rss`)).text());
    const atomDates = (atom.entries ?? []).map((e) => Date.parse(e.published ?? ''));
    const rssDates = (rss.items ?? []).map((i) => Date.parse(i.pubDate ?? ''));
    expect(atomDates.length).toBeGreaterThan(10);
    // RSS dates have second precision.
    expect(rssDates).toEqual(atomDates.map((d) => Math.floor(d / 1000) * 1000));
    expect([...rssDates].sort((a, b) => b - a)).toEqual(rssDates);
  });
});
