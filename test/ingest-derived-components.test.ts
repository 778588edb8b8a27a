import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { ingestSnapshot } from '../src/ingest/ingest-snapshot.ts';
import { statuspageFeed } from '../src/sources/statuspage-feed.ts';
import { statuspageV2 } from '../src/sources/statuspage-v2.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { makeProvider } from './support/builders.ts';
import { incidentJson } from '../src/web/api/_json.ts';
import { incidentJsonV2 } from '../src/web/statuspage-compat/_statuspage-shape.ts';

/**
 * Real captures (PROVENANCE.md): GitHub's component list from
 * fixtures/vendors/statuspage-v2/github__summary-2026-07-31.json, then its history.atom of
 * 2026-08-22, whose entry gx7js8bd0jpz is titled "Incident with Actions" and lists no component
 * (feeds never do).
 */
const fixture = (path: string) =>
  readFileSync(new URL(`./fixtures/vendors/${path}`, import.meta.url), 'utf8');
const SUMMARY = fixture('statuspage-v2/github__summary-2026-07-31.json');
const FEED = fixture('statuspage-feed/github__history.atom');

describe('feed incidents get the components their words name, stored as derived', () => {
  it('stores "Actions" as derived on a real GitHub feed incident, and rewrites nothing next time', async () => {
    const store = await openSqliteStore(':memory:');
    const now = Date.parse('2026-08-22T12:00:00Z');
    await store.addProvider(makeProvider({ slug: 'github' }), now);
    const meta = { url: null, fetchedAt: now, contentType: null };
    await ingestSnapshot(store, 'github', statuspageV2.parse(SUMMARY, meta), {
      now,
      deliveries: noDeliveries,
    });
    const feed = statuspageFeed.parse(FEED, meta);
    await ingestSnapshot(store, 'github', feed, { now: now + 60_000, deliveries: noDeliveries });

    const stored = await store.getIncident('github', 'gx7js8bd0jpz');
    expect(stored?.title).toBe('Incident with Actions');
    expect(stored?.components).toEqual([
      expect.objectContaining({ name: 'Actions', derived: true, newStatus: null }),
    ]);
    if (stored === null) throw new Error('not stored');
    // Both JSON outputs say so: `derived` on /api/v1 components, and beside Statuspage's fields.
    expect(incidentJson(stored).components).toEqual([
      { id: 'br0l2tvcx85d', name: 'Actions', old_status: null, new_status: null, derived: true },
    ]);
    expect(incidentJsonV2(stored, 'http://x.test').components[0]).toMatchObject({
      name: 'Actions',
      derived: true,
    });
    // The merge carries the stored list (feeds send none): the same feed changes nothing.
    const again = await ingestSnapshot(store, 'github', feed, {
      now: now + 120_000,
      deliveries: noDeliveries,
    });
    expect(again.incidents).toHaveLength(0);
    await store.close();
  });
});
