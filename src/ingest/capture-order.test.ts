import { describe, expect, it } from 'vitest';
import { makeIncident, makeUpdate } from '../../test/support/builders.ts';
import type { Snapshot } from '../domain/index.ts';
import { newestItemTime, orderCaptures, timeFromName } from './capture-order.ts';

describe('capture order', () => {
  it('reads the time from replay file names', () => {
    expect(timeFromName('2022-06-11T21-31-11Z.atom')).toBe(Date.UTC(2022, 5, 11, 21, 31, 11));
    expect(timeFromName('summary-2023-01-02T03:04:05Z.json')).toBe(Date.UTC(2023, 0, 2, 3, 4, 5));
    expect(timeFromName('20230102T030405Z.json')).toBe(Date.UTC(2023, 0, 2, 3, 4, 5));
    expect(timeFromName('history.atom')).toBeNull();
  });

  it('orders by time and breaks ties by path, whatever the input order', () => {
    const a = { path: 'b', time: 2 };
    const b = { path: 'a', time: 2 };
    const c = { path: 'z', time: 1 };
    expect(orderCaptures([a, b, c]).map((x) => x.path)).toEqual(['z', 'a', 'b']);
    expect(orderCaptures([b, c, a]).map((x) => x.path)).toEqual(['z', 'a', 'b']);
  });

  it("takes a payload's newest item time, ignoring scheduled times and times after the file", () => {
    const t = (iso: string): number => Date.parse(iso);
    // Shapes as AWS's data.json gives them (no page time); the times are invented.
    const snapshot: Snapshot = {
      format: 'aws',
      page: { name: null, url: null, updatedAt: null },
      components: null,
      coverage: 'window',
      warnings: [],
      incidents: [
        makeIncident({
          startedAt: t('2022-06-16T01:15:54Z'),
          createdAt: t('2022-06-16T01:15:54Z'),
          resolvedAt: null,
          scheduledUntil: t('2030-01-01T00:00:00Z'),
          updates: [
            makeUpdate({ displayedAt: t('2022-06-16T01:53:00Z'), createdAt: null }),
            makeUpdate({ displayedAt: t('2027-01-01T00:00:00Z'), createdAt: null }),
          ],
        }),
      ],
    };
    expect(newestItemTime(snapshot, t('2026-11-30T00:00:00Z'))).toBe(t('2022-06-16T01:53:00Z'));
    expect(newestItemTime({ ...snapshot, incidents: [] }, t('2026-11-30T00:00:00Z'))).toBeNull();
  });
});
