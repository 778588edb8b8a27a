import { describe, expect, it } from 'vitest';
import type { DayImpact } from '../reliability/daily-impact.ts';
import { dayBars } from './_day-bars.ts';

const DAY = 86_400_000;
const FIRST = Date.UTC(2025, 5, 1);
const day = (n: number, worst: DayImpact['worst'], incidents = 0): DayImpact => ({
  day: FIRST + n * DAY,
  worst,
  incidents,
});

describe('dayBars with runs', () => {
  it('gives alike days in a row one tooltip, each day still a bar, and the same text summary', () => {
    const days = [
      day(0, 'no_data'),
      day(1, 'none'),
      day(2, 'none'),
      day(3, 'major', 1),
      day(4, 'none'),
    ];
    const out = dayBars(days, 'Actions, last 5 days', { runs: true }).value;
    expect(out.match(/<i><\/i>/g)).toHaveLength(5);
    expect(out.match(/class="run /g)).toHaveLength(4);
    expect(out).toContain('title="2025-06-02 – 2025-06-03: no incident (2 days)"');
    expect(out).toContain('class="run worst-major" title="2025-06-04: major"');
    expect(out).toContain('4 of 5 days with data: 1 with incidents, worst major');
    expect(dayBars(days, 'x').value.match(/class="bar /g)).toHaveLength(5);
  });
});
