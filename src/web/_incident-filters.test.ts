import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import { makeIncident, makeIngestWrite, makeProvider } from '../../test/support/builders.ts';
import { incidentFilterSchema, toIncidentQuery } from './_incident-filters.ts';
import { listedDate } from './_incident-list.ts';

const DAY = 86_400_000;

describe('incident filters', () => {
  it('include the whole day "Until" names (the store compares with <)', () => {
    const q = toIncidentQuery(
      incidentFilterSchema.parse({ since: '2024-01-31', until: '2024-01-31' }),
    );
    expect(q).toEqual({ since: Date.UTC(2024, 0, 31), until: Date.UTC(2024, 0, 31) + DAY });
    const lastMinute = Date.UTC(2024, 0, 31, 23, 59);
    expect(lastMinute >= (q.since ?? 0) && lastMinute < (q.until ?? 0)).toBe(true);
    // A full time includes itself.
    const exact = incidentFilterSchema.parse({ until: '2024-01-31T12:00:00Z' });
    expect(exact.until).toBe(Date.UTC(2024, 0, 31, 12) + 1);
  });

  it('still refuse a date that does not exist, and since after until', () => {
    expect(incidentFilterSchema.safeParse({ until: '2024-02-30' }).success).toBe(false);
    expect(
      incidentFilterSchema.safeParse({ since: '2024-02-02', until: '2024-02-01' }).success,
    ).toBe(false);
  });
});

describe('listedDate', () => {
  it('shows the date the store sorts on: the start, else when first seen', () => {
    // A 2019 maintenance the vendor never started, first seen today (issue 11).
    const today = Date.UTC(2026, 8, 29);
    const maintenance = makeIncident({
      kind: 'maintenance',
      status: 'scheduled',
      startedAt: null,
      scheduledFor: Date.UTC(2019, 4, 1),
      firstSeenAt: today,
    });
    const incident = makeIncident({ vendorId: 'b', startedAt: today - DAY, firstSeenAt: today });
    expect(listedDate(maintenance)).toEqual({ label: 'first seen', at: today });
    expect(listedDate(incident)).toEqual({ label: 'started', at: today - DAY });
  });

  it("lists the store's order as descending shown dates", async () => {
    const today = Date.UTC(2026, 8, 29);
    const store = await openSqliteStore(':memory:');
    await store.addProvider(makeProvider(), today - 10 * DAY);
    const incidents = [
      makeIncident({
        vendorId: 'm',
        kind: 'maintenance',
        status: 'scheduled',
        startedAt: null,
        scheduledFor: Date.UTC(2019, 4, 1),
        firstSeenAt: today - DAY,
      }),
      makeIncident({ vendorId: 'a', startedAt: today - 2 * DAY, firstSeenAt: today }),
      makeIncident({ vendorId: 'b', startedAt: null, firstSeenAt: today - 3 * DAY }),
    ];
    await store.applyIngest(makeIngestWrite({ incidents }));
    const listed = await store.listIncidents({ until: today });
    const shown = listed.map((i) => listedDate(i).at);
    expect(listed.map((i) => i.vendorId)).toEqual(['m', 'a', 'b']);
    expect(shown).toEqual([...shown].sort((x, y) => y - x));
    await store.close();
  });
});
