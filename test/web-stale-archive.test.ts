import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';

// The reviewer's repro: GitHub's real captures imported into an empty store, served as an
// archive months later. github__summary.json (2022-11-25) holds ljwdk6qml8z8 open; the
// 2026-07-31 summary no longer lists it, so it is stored stale; incidents-2026-07-31 adds history.
const DIR = join(import.meta.dirname, 'fixtures/vendors/statuspage-v2');
const CAPTURES = [
  'github__summary.json',
  'github__summary-2026-07-31.json',
  'github__incidents-2026-07-31.json',
];
const VIEWED_AT = Date.parse('2026-11-30T02:00:00Z');

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await importCaptures(store, CAPTURES.map((f) => join(DIR, f)), { providerSlug: 'github' });
  app = createWebServer({ store, clock: () => VIEWED_AT });
}); // prettier-ignore
afterAll(async () => {
  await app.close();
  await store.close();
});

const page = async (url: string) => (await app.inject({ method: 'GET', url })).body;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a stale incident in an imported archive', () => {
  it('is stored set aside, as the premise of the pages below', async () => {
    const incident = await store.getIncident('github', 'ljwdk6qml8z8');
    expect(incident?.status).toBe('investigating');
    expect(incident?.ingestAnomalies.map((a) => a.kind)).toContain('stale');
  });

  it('is not drawn or counted as an outage on the provider page', async () => {
    const body = text(await page('/providers/github'));
    expect(body).not.toMatch(/90 with incidents/);
    expect(body).toMatch(/Packages, last 90 days: 90 days: no data/);
    expect(body).not.toMatch(/43200|129600/);
    expect(body).toMatch(/Open incidents No open incidents\./);
    expect(body).toMatch(
      /Incident with Packages and Pages · stale: no word since 2022-11-25 15:50/,
    );
  });

  it('is not in the dashboard headline, and its card notes it as stale', async () => {
    const body = text(await page('/'));
    expect(body).not.toMatch(/GitHub \(major/);
    expect(body).toMatch(/No open incidents/);
    expect(body).toMatch(/Set aside: Incident with Packages and Pages · stale: no word since/);
    expect(body).toMatch(/GitHub, last 90 days: 90 days: no data/);
  });
});
