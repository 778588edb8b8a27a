import { describe, expect, it } from 'vitest';
import { absoluteTag, absoluteTime, parseTimeZone, relativeTag, relativeTime } from './_time.ts';

const T = Date.UTC(2023, 10, 8, 19, 26, 0);
const MINUTE = 60_000;

describe('time formatting', () => {
  it('accepts IANA zones Intl knows and nothing else', () => {
    expect(parseTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('UTC')).toBe('UTC');
    for (const bad of ['', 'Mars/Base', '<script>', 'Europe/Berlin; x', 'a'.repeat(65)]) {
      expect(parseTimeZone(bad)).toBeNull();
    }
  });

  it('writes absolute times in the zone, always labelled', () => {
    expect(absoluteTime(T, 'UTC')).toBe('2023-11-08 19:26 UTC');
    expect(absoluteTime(T, 'Europe/Berlin')).toBe('2023-11-08 20:26 CET');
    expect(absoluteTime(T, 'America/Los_Angeles')).toBe('2023-11-08 11:26 PST');
    expect(absoluteTime(T, 'Asia/Kolkata')).toBe('2023-11-09 00:56 GMT+5:30');
    expect(absoluteTime(Date.UTC(2024, 0, 1, 0, 5), 'UTC')).toBe('2024-01-01 00:05 UTC');
  });

  it('says how long ago, in the largest unit that fits', () => {
    expect(relativeTime(T - 10_000, T)).toBe('just now');
    expect(relativeTime(T - 5 * MINUTE, T)).toBe('5 minutes ago');
    expect(relativeTime(T - 3 * 60 * MINUTE, T)).toBe('3 hours ago');
    expect(relativeTime(T + 2 * 24 * 60 * MINUTE, T)).toBe('in 2 days');
    expect(relativeTime(T - 400 * 24 * 60 * MINUTE, T)).toBe('last year');
  });

  it('puts the other form of the time on hover, and the instant in datetime', () => {
    const ctx = { tz: 'UTC', now: T + 3 * 60 * MINUTE };
    expect(relativeTag(T, ctx).value).toMatch(
      /^<time datetime="2023-11-08T19:26:00.000Z" title="2023-11-08 19:26 UTC" data-relative\s*>3 hours ago<\/time\s*>$/,
    );
    expect(absoluteTag(T, ctx).value).toContain('title="3 hours ago"');
    expect(absoluteTag(null, ctx).value).toContain('unknown');
  });
});

describe('parseTimeZone', () => {
  it("keeps the name the reader chose, fixing only its case; refuses what Intl doesn't know", () => {
    expect(parseTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(parseTimeZone('EST')).toBe('EST');
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(parseTimeZone('<script>')).toBeNull();
  });
});
