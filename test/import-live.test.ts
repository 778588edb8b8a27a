import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { ingestSnapshot } from '../src/ingest/ingest-snapshot.ts';
import { statuspageV2 } from '../src/sources/statuspage-v2.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { makeProvider } from './support/builders.ts';

// Two real GitHub summary.json captures: 2026-07-31 (all operational, no incident) is what the
// live poll saw; 2022-11-25 (Packages partial_outage, incident ljwdk6qml8z8 open) is an older
// capture a user imports afterwards.
const DIR = join(import.meta.dirname, 'fixtures/vendors/statuspage-v2');
const LIVE = join(DIR, 'github__summary-2026-07-31.json');
const OLD = join(DIR, 'github__summary.json');
const LIVE_AT = Date.parse('2026-07-31T03:29:30Z');

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('import into a provider that is also polled', () => {
  it('writes history only: live components, status and events stay as the poll left them', async () => {
    await store.addProvider(makeProvider({ slug: 'github' }), LIVE_AT);
    const live = statuspageV2.parse(readFileSync(LIVE, 'utf8'), {
      url: null,
      fetchedAt: LIVE_AT,
      contentType: 'application/json',
    });
    await ingestSnapshot(store, 'github', live, { now: LIVE_AT, deliveries: noDeliveries });
    const before = await store.loadProviderState('github', []);
    const eventsBefore = await store.listEvents(0, 1000);

    await importCaptures(store, [OLD], { providerSlug: 'github' });

    const after = await store.loadProviderState('github', []);
    expect(after.status).toBe('operational');
    expect(after.components).toEqual(before.components);
    expect(after.components?.find((c) => c.name === 'Packages')?.status).toBe('operational');
    const newEvents = (await store.listEvents(0, 1000)).slice(eventsBefore.length);
    expect(newEvents.map((e) => e.kind)).not.toContain('component_status_changed');
    expect(newEvents.map((e) => e.kind)).not.toContain('provider_status_changed');
    // The old capture's incident is kept as history.
    expect(await store.getIncident('github', 'ljwdk6qml8z8')).not.toBeNull();
  });

  it('still takes components and status from captures when nothing polls the provider', async () => {
    await importCaptures(store, [OLD], { providerSlug: 'github' });
    const state = await store.loadProviderState('github', []);
    expect(state.components?.find((c) => c.name === 'Packages')?.status).toBe('partial_outage');
  });

  it('gives a provider it creates the source URL that `add` would', async () => {
    await importCaptures(
      store,
      [join(import.meta.dirname, 'fixtures/vendors/statuspage-html/streamyard__history.html')],
      { providerSlug: 'streamyard' },
    );
    const record = await store.getProvider('streamyard');
    expect(record?.provider.format).toBe('statuspage-html');
    expect(record?.provider.sourceUrl).toMatch(/\/history$/);
    expect(record?.provider.sourceUrl).not.toMatch(/summary\.json/);
  });
});
