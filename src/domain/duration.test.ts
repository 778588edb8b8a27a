import { describe, expect, it } from 'vitest';
import { duration, durationMinutes, formatDuration } from './duration.ts';

const t = (iso: string): number => Date.parse(iso);

describe('duration', () => {
  it('gives the exact span of a short incident (the seed page: 19m)', () => {
    const d = duration(t('2023-11-08T19:26:00Z'), t('2023-11-08T19:45:00Z'));
    expect(d).toEqual({ ms: 19 * 60_000, text: '19m', ongoing: false, anomaly: null });
  });

  it('formats a multi-day incident with days, hours and minutes', () => {
    const d = duration(t('2023-01-01T10:00:00Z'), t('2023-01-02T10:52:00Z'));
    expect(d.text).toBe('1d 0h 52m');
    expect(durationMinutes(d)).toBe(24 * 60 + 52);
  });

  it('formats hours and minutes under a day', () => {
    expect(duration(t('2023-01-01T10:00:00Z'), t('2023-01-01T12:05:00Z')).text).toBe('2h 5m');
  });

  it('refuses a resolved time before the start instead of going negative', () => {
    const d = duration(t('2023-11-08T19:45:00Z'), t('2023-11-08T19:26:00Z'));
    expect(d.ms).toBeNull();
    expect(d.text).toBeNull();
    expect(d.anomaly).toBe('resolved_before_started');
  });

  it('gives no duration when the start is missing', () => {
    const d = duration(null, t('2023-11-08T19:45:00Z'));
    expect(d).toMatchObject({ ms: null, anomaly: 'missing_start' });
  });

  it('measures an open incident up to now and marks it ongoing', () => {
    const d = duration(t('2023-01-01T10:00:00Z'), null, t('2023-01-01T10:30:00Z'));
    expect(d).toMatchObject({ ms: 30 * 60_000, text: '30m', ongoing: true });
  });

  it('cannot measure an open incident without a now', () => {
    expect(duration(t('2023-01-01T10:00:00Z'), null).ms).toBeNull();
  });

  it('shows seconds under a minute and zero as 0s', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(0)).toBe('0s');
  });

  it('rounds to the nearest minute', () => {
    expect(formatDuration(18 * 60_000 + 31_000)).toBe('19m');
    expect(formatDuration(18 * 60_000 + 29_000)).toBe('18m');
  });

  it('rejects a negative span in the formatter', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
  });
});
