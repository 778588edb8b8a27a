import { describe, expect, it } from 'vitest';
import { createPollDeadlines } from './poll-deadlines.ts';

describe('createPollDeadlines', () => {
  it('shares one signal within a slot and makes a new one in the next slot', () => {
    let now = 5_000;
    const deadline = createPollDeadlines(60_000, () => now);
    const first = deadline();
    now = 5_999;
    expect(deadline()).toBe(first);
    now = 6_000;
    expect(deadline()).not.toBe(first);
  });

  it('fires no later than asked, even for a poll that starts at the end of its slot', async () => {
    const started = performance.now();
    const deadline = createPollDeadlines(200);
    const signal = deadline();
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => {
      signal.addEventListener('abort', resolve);
    });
    const waited = performance.now() - started;
    // Slots of 20 ms: 180 to 200 ms, plus the timer's own lateness on a busy machine.
    expect(waited).toBeGreaterThanOrEqual(179);
    expect(waited).toBeLessThan(200 + 1_000);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });
});
