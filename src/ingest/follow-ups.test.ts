import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_FIRST_DELAY_MS,
  FOLLOW_UP_GIVE_UP_MS,
  FOLLOW_UP_MAX_DELAY_MS,
  afterAttempt,
  dueFollowUps,
  followUpExpired,
  nextFollowUps,
} from './follow-ups.ts';

const T = Date.parse('2023-06-29T18:36:00Z');
const none = new Set<string>();

describe('the follow-up list', () => {
  it('adds what left the open list, due at once, once', () => {
    const list = nextFollowUps(
      [],
      { vanished: ['a'], stillOpen: new Set(['a']), listedOpen: none },
      T,
    );
    expect(list).toEqual([{ incidentVendorId: 'a', since: T, attempts: 0, nextAttemptAt: T }]);
    const again = nextFollowUps(
      list,
      { vanished: ['a'], stillOpen: new Set(['a']), listedOpen: none },
      T + 1,
    );
    expect(again).toEqual(list);
  });

  it('drops incidents that closed or are listed open again', () => {
    const list = nextFollowUps(
      [],
      { vanished: ['a', 'b'], stillOpen: new Set(['a', 'b']), listedOpen: none },
      T,
    );
    expect(
      nextFollowUps(list, { vanished: [], stillOpen: new Set(['b']), listedOpen: none }, T),
    ).toHaveLength(1);
    expect(
      nextFollowUps(
        list,
        { vanished: [], stillOpen: new Set(['a', 'b']), listedOpen: new Set(['a']) },
        T,
      ).map((f) => f.incidentVendorId),
    ).toEqual(['b']);
  });

  it('backs off, doubling up to the cap, and makes the last try at the give-up time', () => {
    let f = { incidentVendorId: 'a', since: T, attempts: 0, nextAttemptAt: T };
    const delays: number[] = [];
    let now = T;
    while (!followUpExpired(f, now)) {
      f = afterAttempt(f, now);
      delays.push(f.nextAttemptAt - now);
      now = f.nextAttemptAt;
    }
    expect(delays[0]).toBe(FOLLOW_UP_FIRST_DELAY_MS);
    expect(delays[1]).toBe(2 * FOLLOW_UP_FIRST_DELAY_MS);
    expect(Math.max(...delays)).toBe(FOLLOW_UP_MAX_DELAY_MS);
    expect(now).toBe(T + FOLLOW_UP_GIVE_UP_MS);
  });

  it('tries a bounded number per poll, oldest due first', () => {
    const list = Array.from({ length: 8 }, (_, i) => ({
      incidentVendorId: `i${i}`,
      since: T,
      attempts: 0,
      nextAttemptAt: T + (8 - i),
    }));
    const due = dueFollowUps(list, T + 100);
    expect(due.map((f) => f.incidentVendorId)).toEqual(['i7', 'i6', 'i5', 'i4', 'i3']);
    expect(dueFollowUps(list, T)).toEqual([]);
  });
});
