import { describe, expect, it } from 'vitest';
import { wallClockToEpoch } from './wall-clock.ts';

const LA = 'America/Los_Angeles';
const utc = (iso: string) => Date.parse(iso);

describe('datetime-local read in the page zone', () => {
  it('uses the offset in force at that wall time, either side of a change', () => {
    expect(wallClockToEpoch('2026-03-07T22:00', LA)).toBe(utc('2026-03-08T06:00:00Z')); // PST
    expect(wallClockToEpoch('2026-03-08T04:00', LA)).toBe(utc('2026-03-08T11:00:00Z')); // PDT
    expect(wallClockToEpoch('2026-07-01T12:00:30', 'Europe/Berlin')).toBe(
      utc('2026-07-01T10:00:30Z'),
    );
    expect(wallClockToEpoch('2026-01-15T09:00', 'Asia/Kolkata')).toBe(utc('2026-01-15T03:30:00Z'));
    expect(wallClockToEpoch('2026-01-15T09:00', 'Etc/UTC')).toBe(utc('2026-01-15T09:00:00Z'));
  });

  it('moves a skipped time forward by the gap, and takes the first of a repeated one', () => {
    // 02:30 does not exist on 2026-03-08 in Los Angeles: it is read as 03:30 PDT.
    expect(wallClockToEpoch('2026-03-08T02:30', LA)).toBe(utc('2026-03-08T10:30:00Z'));
    // 01:30 happens twice on 2026-11-01: first in PDT (-07:00), then in PST.
    expect(wallClockToEpoch('2026-11-01T01:30', LA)).toBe(utc('2026-11-01T08:30:00Z'));
    expect(wallClockToEpoch('2026-11-01T02:30', LA)).toBe(utc('2026-11-01T10:30:00Z'));
  });

  it('refuses what is no wall time', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-03-08', '2026-03-08T24:00', '8 March 2026']) {
      expect(wallClockToEpoch(bad, LA)).toBeNull();
    }
  });
});
