import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { ingestSnapshot } from '../src/ingest/ingest-snapshot.ts';
import { statuspageV2 } from '../src/sources/statuspage-v2.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { makeProvider } from './support/builders.ts';

// GitHub's gqx5l06jjxhp (github__incident-gqx5l06jjxhp.json): posted 17:52 → resolved 18:36 UTC,
// and its resolved update says "From 17:39-18:12 UTC GitHub was down in parts of North America".
const BODY = readFileSync(
  new URL('./fixtures/vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json', import.meta.url),
  'utf8',
);

describe('the analysis of the vendor words is written with the incident', () => {
  it('stores the impact window a poll brings, beside the unchanged update text', async () => {
    const store = await openSqliteStore(':memory:');
    const now = Date.parse('2023-06-29T18:40:00Z');
    await store.addProvider(makeProvider({ slug: 'github' }), now);
    const snapshot = statuspageV2.parse(BODY, { url: null, fetchedAt: now, contentType: null });
    await ingestSnapshot(store, 'github', snapshot, { now, deliveries: noDeliveries });
    const key = { providerSlug: 'github', vendorId: 'gqx5l06jjxhp' };
    const analysis = (await store.getIncidentAnalyses([key])).get('github\ngqx5l06jjxhp');
    expect(analysis?.impactStartedAt?.at).toBe(Date.parse('2023-06-29T17:39:00Z'));
    expect(analysis?.impactEndedAt?.at).toBe(Date.parse('2023-06-29T18:12:00Z'));
    expect(analysis?.impactStartedAt?.sentence).toContain('17:39-18:12 UTC');
    const stored = await store.getIncident('github', 'gqx5l06jjxhp');
    expect(stored?.updates.at(-1)?.bodyText).toContain('From 17:39-18:12 UTC GitHub was down');
    await store.close();
  });
});
