import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seedStore(store);
  app = createWebServer({ store, clock: () => SEED_NOW });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

interface Hit {
  incident: { provider: string; id: string; started_at: string | null; first_seen_at: string };
}
const search = async (query: string) => {
  const res = await app.inject(`/api/v1/search?limit=100&${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ total: number; hits: Hit[] }>();
};
const keys = (hits: Hit[]) => hits.map((h) => `${h.incident.provider}/${h.incident.id}`);
const startOf = (h: Hit) => Date.parse(h.incident.started_at ?? h.incident.first_seen_at);

describe('search filters', () => {
  it('narrows API hits to a provider and a date range, as the unfiltered hits say', async () => {
    const all = await search('q=github');
    const providers = new Set(all.hits.map((h) => h.incident.provider));
    // Real captures: the JSON and the feed of GitHub both mention it.
    expect(providers.size).toBeGreaterThan(1);
    const github = await search('q=github&provider=github');
    const expected = all.hits.filter((h) => h.incident.provider === 'github');
    expect(keys(github.hits)).toEqual(keys(expected));
    expect(github.total).toBe(expected.length);
    const starts = all.hits.map(startOf).sort((a, b) => a - b);
    const middle = new Date(starts[Math.floor(starts.length / 2)] ?? 0).toISOString().slice(0, 10);
    const day = Date.parse(`${middle}T00:00:00Z`);
    const since = await search(`q=github&since=${middle}`);
    expect(keys(since.hits)).toEqual(keys(all.hits.filter((h) => startOf(h) >= day)));
    // "until" includes the day it names.
    const until = await search(`q=github&until=${middle}`);
    expect(keys(until.hits)).toEqual(keys(all.hits.filter((h) => startOf(h) < day + 86_400_000)));
    expect(since.total).toBeGreaterThan(0);
    expect(until.total).toBeGreaterThan(0);
  });

  it('answers bad filters with a JSON 400', async () => {
    for (const query of [
      'since=2024-02-30',
      'provider=Not%20a%20slug',
      'since=2024-02-02&until=2024-02-01',
    ]) {
      const res = await app.inject(`/api/v1/search?q=github&${query}`);
      expect([query, res.statusCode]).toEqual([query, 400]);
      expect(res.json<{ error: { code: string } }>().error.code).toBeTruthy();
    }
  });

  it('keeps the filters on the page, in the form and in the page links', async () => {
    const res = await app.inject(
      '/search?q=github&provider=github&since=2020-01-01&until=2030-01-01',
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<option value="github"\s+selected\s*>/);
    expect(res.body).toContain('name="since" value="2020-01-01"');
    expect(res.body).toContain('name="until" value="2030-01-01"');
    const api = await search('q=github&provider=github&since=2020-01-01&until=2030-01-01');
    expect(res.body).toContain(`${String(api.total)} incident`);
  });

  it('keeps what was typed when a filter is wrong, with status 400 and a plain message', async () => {
    const res = await app.inject('/search?q=github&provider=github&since=2024-13-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('value="github"');
    expect(res.body).toContain('name="since" value="2024-13-01"');
    expect(res.body).toMatch(/<option value="github"\s+selected\s*>/);
  });
});
