import { describe, expect, it } from 'vitest';
import { orderCaptures, timeFromName } from './capture-order.ts';

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
});
