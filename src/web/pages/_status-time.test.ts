import { describe, expect, it } from 'vitest';
import {
  dayHeading,
  lastDates,
  localDate,
  monthBefore,
  monthHeading,
  monthStart,
  shortStamp,
  spanStamp,
} from './_status-time.ts';

const LA = 'America/Los_Angeles';

describe("the own page's times in its zone", () => {
  it('reads the calendar date in the zone, not in UTC', () => {
    // 2018-01-24 05:00 UTC is still the 23rd in Los Angeles (21:00 PST).
    expect(localDate(Date.parse('2018-01-24T05:00:00Z'), LA)).toBe('2018-01-23');
    expect(localDate(Date.parse('2018-01-24T05:00:00Z'), 'Europe/Berlin')).toBe('2018-01-24');
  });

  it('counts days back over a daylight-saving change without skipping or repeating one', () => {
    // 2024-03-10 is the 23-hour day in Los Angeles.
    const dates = lastDates(Date.parse('2024-03-11T07:30:00Z'), LA, 3);
    expect(dates).toEqual(['2024-03-11', '2024-03-10', '2024-03-09']);
    expect(dayHeading('2024-03-10')).toBe('Mar 10, 2024');
  });

  it("starts a month at midnight in the zone, on either side of a change and across years", () => {
    expect(new Date(monthStart(2024, 3, LA)).toISOString()).toBe('2024-03-01T08:00:00.000Z'); // PST
    expect(new Date(monthStart(2024, 4, LA)).toISOString()).toBe('2024-04-01T07:00:00.000Z'); // PDT
    expect(monthBefore(Date.parse('2018-02-10T12:00:00Z'), LA, 2)).toEqual({ year: 2017, month: 12 });
    expect(monthHeading(2017, 12)).toBe('December 2017');
    expect(monthBefore(Date.parse('2018-02-10T12:00:00Z'), LA, 2 + 12 * 3000)).toEqual({ year: -983, month: 12 });
  });

  it('writes stamps and spans as Statuspage does, with the zone once', () => {
    const start = Date.parse('2018-01-23T22:16:00Z');
    const text = (h: { toString(): string }) => h.toString().replace(/<[^>]+>/g, '');
    expect(text(shortStamp(start, LA))).toBe('Jan 23, 14:16 PST');
    expect(text(spanStamp(start, start + 69 * 60_000, LA))).toBe('Jan 23, 14:16 - 15:25 PST');
    expect(text(spanStamp(start, start + 10 * 3_600_000, LA))).toBe('Jan 23, 14:16 - Jan 24, 00:16 PST');
    expect(text(spanStamp(start, null, LA))).toBe('Jan 23, 14:16 PST - now');
  });
}); // prettier-ignore
