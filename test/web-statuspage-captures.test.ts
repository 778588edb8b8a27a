import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';

/**
 * /api/v2 served from real captures, as in the reviewer's repro: `import` then `serve --no-poll`
 * (issue 11). The captures are in test/fixtures/vendors/statuspage-v2 (PROVENANCE.md).
 */
const DIR = join(import.meta.dirname, 'fixtures/vendors/statuspage-v2');
const GITHUB_INCIDENTS = join(DIR, 'github__incidents-2026-07-31.json');
// The reviewer's clock, long after every capture.
const NOW = Date.parse('2026-11-30T02:00:00Z');
// Personio's q942573ggms6: scheduled 2024-02-06T21:00Z to 23:00Z, still "scheduled" when captured.
const PERSONIO_START = Date.parse('2024-02-06T21:00:00Z');

let store: Store;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await importCaptures(store, [join(DIR, 'jira__incidents-2023-09-01.json')], { providerSlug: 'jira' });
  await importCaptures(store, [join(DIR, 'github__summary.json'), GITHUB_INCIDENTS], { providerSlug: 'github' });
  await importCaptures(store, [join(DIR, 'personio__summary-2024-01-31.json')], { providerSlug: 'personio' });
}, 60_000); // prettier-ignore

afterAll(async () => {
  for (const app of servers) await app.close();
  await store.close();
});

async function get(path: string, now = NOW, archive = true): Promise<Record<string, unknown>> {
  const app = createWebServer({
    store,
    clock: () => now,
    ...(archive ? { archive: { newestDataTime: now } } : {}),
  });
  servers.push(app);
  const res = await app.inject(path);
  expect(res.statusCode).toBe(200);
  return res.json();
}

const ids = (doc: Record<string, unknown>, key: string) =>
  (doc[key] as { id: string }[]).map((i) => i.id);

describe('/api/v2 maintenance lists on the Personio capture', () => {
  const path = '/api/v2/scheduled-maintenances/upcoming.json';

  it('lists q942573ggms6 as upcoming before its start, and nowhere once it has passed', async () => {
    expect(ids(await get(path, PERSONIO_START - 60_000), 'scheduled_maintenances')).toEqual([
      'personio~q942573ggms6',
    ]);
    expect(ids(await get(path), 'scheduled_maintenances')).toEqual([]);
    const active = await get('/api/v2/scheduled-maintenances/active.json');
    expect(ids(active, 'scheduled_maintenances')).toEqual([]);
    expect(ids(await get('/api/v2/summary.json'), 'scheduled_maintenances')).toEqual([]);
  });
});

describe('/api/v2 shapes against the real GitHub captures', () => {
  interface Update {
    id: string;
    affected_components: unknown[] | null;
  }
  interface Incident {
    id: string;
    components: Record<string, unknown>[];
    incident_updates: Update[];
  }
  const raw = JSON.parse(readFileSync(GITHUB_INCIDENTS, 'utf8')) as { incidents: Incident[] };

  it('sends affected_components null exactly where GitHub did', async () => {
    const ours = (await get('/api/v2/incidents.json')).incidents as Incident[];
    const nullIn = (list: Incident[]) =>
      list.flatMap((i) => i.incident_updates.filter((u) => u.affected_components === null).map((u) => u.id)).sort(); // prettier-ignore
    const theirs = nullIn(raw.incidents);
    expect(theirs).toHaveLength(95);
    expect(nullIn(ours.filter((i) => i.id.startsWith('github~')))).toEqual(theirs);
  });

  it("gives each incident's components every field Statuspage's have", async () => {
    const real = Object.keys(raw.incidents[0]?.components[0] ?? {}).sort();
    expect(real).toContain('only_show_if_degraded');
    const doc = await get('/api/v2/incidents/github~9tpgqq1h4bs7.json');
    const component = (doc.incident as Incident).components[0] ?? {};
    expect(Object.keys(component).sort()).toEqual(real);
  });
});

describe('/api/v2 component status in an archive', () => {
  it('reports the last stored status, not "not checked yet"', async () => {
    const statuses = async (archive: boolean) => {
      const doc = await get('/api/v2/components.json', NOW, archive);
      return (doc.components as { id: string; status: string; description: string | null }[]).map(
        (c) => [c.id, c.status, c.description],
      );
    };
    const listed = Object.fromEntries(
      (await store.listProviders()).map((r) => [r.provider.slug, r.status]),
    );
    expect(listed.personio).toBe('operational');
    expect(await statuses(true)).toEqual(
      ['github', 'jira', 'personio'].map((slug) => [slug, listed[slug], null]),
    );
    // Served live, a source never read is still "not checked yet", never operational.
    expect((await statuses(false)).map(([, s, d]) => [s, d])).toEqual(
      Array(3).fill(['degraded_performance', 'not checked yet']),
    );
  });
});

describe('the incident page of a maintenance the vendor never closed', () => {
  it('says it was never marked completed instead of counting "so far"', async () => {
    const page = async (now: number) => {
      const app = createWebServer({ store, clock: () => now });
      servers.push(app);
      const body = (await app.inject('/providers/personio/incidents/q942573ggms6')).body;
      return body.slice(body.indexOf('<dl class="facts">'), body.indexOf('</dl>'));
    };
    // During its window it is ongoing; three years on it is stale.
    expect(await page(PERSONIO_START + 3_600_000)).toContain('1h 0m so far');
    const facts = await page(NOW);
    expect(facts).not.toContain('so far');
    expect(facts).toContain('never marked completed by the vendor (stale)');
  });
});
