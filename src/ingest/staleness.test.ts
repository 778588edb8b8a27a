import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, isSetAside, overallStatus } from '../domain/index.ts';
import { statuspageFeed } from '../sources/statuspage-feed.ts';
import { makeState } from '../../test/support/ingest-state.ts';
import { reconcile } from './reconcile.ts';

// digitalocean__history.rss (captured 2026) still lists x0xytvsvky35, "AMS3 Region Network
// Maintenance", in progress since its last update of 2020-01-21 21:00 UTC: a page nobody closed.
const RSS = readFileSync(
  join(
    import.meta.dirname,
    '../../test/fixtures/vendors/statuspage-feed/digitalocean__history.rss',
  ),
  'utf8',
);
const CAPTURED = Date.parse('2026-11-21T00:00:00Z');
const snapshot = statuspageFeed.parse(RSS, { url: null, fetchedAt: CAPTURED, contentType: null });
const LAST_UPDATE = Date.parse('2020-01-21T21:00:00Z');

describe('an open incident nobody closed', () => {
  it('is flagged stale, kept, and no longer drives the status', () => {
    const result = reconcile(makeState({ neverIngested: true }), snapshot, CAPTURED);
    const ams3 = result.incidents.find((i) => i.vendorId === 'x0xytvsvky35');
    expect(ams3?.status).toBe('in_progress');
    expect(ams3 !== undefined && isSetAside(ams3)).toBe(true);
    expect(ams3?.ingestAnomalies.find((a) => a.kind === 'stale')?.reason).toMatch(
      /since 2020-01-21 21:00 UTC/,
    );
    expect(result.status).toBe('operational');
    // Without the flag, the same maintenance would show the vendor as under maintenance.
    const unflagged = result.incidents.map((i) => ({ ...i, ingestAnomalies: [] }));
    expect(overallStatus({ components: [], incidents: unflagged, sourceFailing: false })).toBe(
      'under_maintenance',
    );
  });

  it('is not stale while the vendor spoke within the last week', () => {
    const soon = LAST_UPDATE + STALE_AFTER_MS - 60_000;
    const result = reconcile(makeState({ neverIngested: true }), snapshot, soon);
    const ams3 = result.incidents.find((i) => i.vendorId === 'x0xytvsvky35');
    expect(ams3 !== undefined && isSetAside(ams3)).toBe(false);
    expect(result.status).toBe('under_maintenance');
  });

  it('comes back to life when the vendor posts again, not when it repeats itself', () => {
    const first = reconcile(makeState({ neverIngested: true }), snapshot, CAPTURED);
    const stored = first.incidents;
    const again = reconcile(makeState({ incidents: stored }), snapshot, CAPTURED + 60_000);
    expect(again.incidents).toEqual([]);
    expect(again.status).toBe('operational');
  });
});
