import { describe, expect, it } from 'vitest';
import {
  inferTimes,
  offsetFor,
  parseStamp,
  updatesFromEntryHtml,
  type LocalStamp,
} from './_feed-updates.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One update paragraph as Statuspage writes it (day padded to two characters). */
function update(mon: string, day: number, time: string, zone: string, label: string, body: string) {
  const d = String(day).padStart(2, ' ');
  return (
    `<p><small>${mon} <var data-var='date'>${d}</var>, <var data-var='time'>${time}</var> ${zone}` +
    `</small><br><strong>${label}</strong> - ${body}</p>`
  );
}

function stamp(month: number, day: number, hour: number, minute: number): LocalStamp {
  return { year: null, month, day, hour, minute, zone: 'UTC' };
}

describe('parseStamp', () => {
  it('reads a space-padded day, the time and the zone word', () => {
    expect(parseStamp('Feb  8, 09:00 UTC')).toEqual({
      year: null,
      month: 1,
      day: 8,
      hour: 9,
      minute: 0,
      zone: 'UTC',
    });
  });

  it('reads an explicit year and a 12-hour clock', () => {
    expect(parseStamp('Jan 3, 2021, 6:05 PM +08')).toMatchObject({
      year: 2021,
      month: 0,
      hour: 18,
      minute: 5,
      zone: '+08',
    });
  });

  it('refuses text that is not a stamp', () => {
    expect(parseStamp('Someday ??, later')).toBeNull();
    expect(parseStamp('Foo 12, 10:00 UTC')).toBeNull();
    expect(parseStamp('Jan 12, 25:00 UTC')).toBeNull();
  });
});

describe('offsetFor', () => {
  it('uses the table when the feed writes no matching offset (RSS dates are +0000)', () => {
    expect(offsetFor('PST', [0], [])).toBe(-480);
    expect(offsetFor('PDT', [-480], [])).toBe(-420);
  });

  it('lets the feed offset choose between meanings of an ambiguous word', () => {
    expect(offsetFor('CST', [-360], [])).toBe(-360);
    expect(offsetFor('CST', [480], [])).toBe(480);
    expect(offsetFor('IST', [60], [])).toBe(60);
    expect(offsetFor('IST', [], [])).toBe(330);
  });

  it('reads numeric zone words', () => {
    expect(offsetFor('+08', [], [])).toBe(480);
    expect(offsetFor('-0330', [], [])).toBe(-210);
    expect(offsetFor('GMT+5:30', [], [])).toBe(330);
  });

  it('falls back to the entry offset for an unknown word, with a warning', () => {
    const warnings: string[] = [];
    expect(offsetFor('XYZT', [120], warnings)).toBe(120);
    expect(warnings).toEqual([expect.stringContaining('XYZT')]);
  });
});

describe('inferTimes', () => {
  it('gives an incident from Dec 31 to Jan 1 two different years', () => {
    const newestFirst = [stamp(0, 1, 0, 40), stamp(11, 31, 23, 10)];
    const times = inferTimes(newestFirst, [0, 0], at('2024-01-01T00:40:13Z'));
    expect(times.map(iso)).toEqual(['2024-01-01T00:40:00.000Z', '2023-12-31T23:10:00.000Z']);
  });

  it('bounds each update by the newer one, not only by an anchor edited months later', () => {
    const newestFirst = [stamp(0, 2, 9, 0), stamp(11, 30, 8, 0)];
    const times = inferTimes(newestFirst, [0, 0], at('2024-12-31T12:00:00Z'));
    expect(times.map(iso)).toEqual(['2024-01-02T09:00:00.000Z', '2023-12-30T08:00:00.000Z']);
  });

  it('reads a stamp in its own zone before comparing with the anchor', () => {
    // Dec 31 16:20 PST is already Jan 1 in UTC; the anchor is Jan 1 00:20 UTC.
    const times = inferTimes([stamp(11, 31, 16, 20)], [-480], at('2024-01-01T00:20:40Z'));
    expect(times.map(iso)).toEqual(['2024-01-01T00:20:00.000Z']);
  });

  it('allows a day of slack after the anchor but not more', () => {
    const anchor = at('2024-03-10T12:00:00Z');
    expect(inferTimes([stamp(2, 11, 6, 0)], [0], anchor).map(iso)).toEqual([
      '2024-03-11T06:00:00.000Z',
    ]);
    expect(inferTimes([stamp(2, 12, 6, 0)], [0], anchor).map(iso)).toEqual([
      '2023-03-12T06:00:00.000Z',
    ]);
  });

  it('puts Feb 29 in the latest leap year', () => {
    expect(inferTimes([stamp(1, 29, 8, 0)], [0], at('2025-06-01T00:00:00Z')).map(iso)).toEqual([
      '2024-02-29T08:00:00.000Z',
    ]);
  });

  it('skips unreadable stamps without moving the bound', () => {
    const times = inferTimes(
      [stamp(0, 2, 9, 0), null, stamp(11, 30, 8, 0)],
      [0, 0, 0],
      at('2024-01-02T09:00:00Z'),
    );
    expect(times.map(iso)).toEqual(['2024-01-02T09:00:00.000Z', null, '2023-12-30T08:00:00.000Z']);
  });
});

describe('updatesFromEntryHtml', () => {
  const context = { anchorAt: at('2024-02-08T09:00:14Z'), offsetHints: [0] };

  it('splits the entry into updates, oldest first, with raw labels and sanitized bodies', () => {
    const html =
      update('Feb', 8, '09:00', 'UTC', 'Resolved', 'Fixed.') +
      update(
        'Feb',
        8,
        '08:29',
        'UTC',
        'Investigating',
        'See <a href="https://x.test/a">x</a>.<br /><br />More.',
      );
    const { updates, warnings } = updatesFromEntryHtml(html, context);
    expect(warnings).toEqual([]);
    expect(updates.map((u) => [u.label, iso(u.at)])).toEqual([
      ['Investigating', '2024-02-08T08:29:00.000Z'],
      ['Resolved', '2024-02-08T09:00:00.000Z'],
    ]);
    expect(updates[0]?.body.html).toContain('href="https://x.test/a"');
    expect(updates[0]?.body.text).toBe('See x.\nMore.');
    expect(updates[1]?.body.html).toBe('<p>Fixed.</p>');
  });

  it('reads the whitespace-padded markup GitHub writes since 2025', () => {
    const html =
      "<p> <small>Aug <var data-var='date'>21</var>, <var data-var='time'>00:37</var> UTC</small><br> " +
      "<strong>Resolved</strong> - Done. </p> <p> <small>Aug <var data-var='date'>20</var>, " +
      "<var data-var='time'>14:43</var> UTC</small><br> <strong>Investigating</strong> - Looking. </p>";
    const { updates } = updatesFromEntryHtml(html, {
      anchorAt: at('2026-08-21T00:37:20Z'),
      offsetHints: [0],
    });
    expect(updates.map((u) => [u.label, iso(u.at), u.body.text])).toEqual([
      ['Investigating', '2026-08-20T14:43:00.000Z', 'Looking.'],
      ['Resolved', '2026-08-21T00:37:00.000Z', 'Done.'],
    ]);
  });

  it('keeps an update whose stamp is unreadable, undated, with a warning', () => {
    const html =
      update('Feb', 8, '09:00', 'UTC', 'Resolved', 'Fixed.') +
      "<p><small>Someday <var data-var='date'>??</var></small><br><strong>Investigating</strong> - Hm.</p>";
    const { updates, warnings } = updatesFromEntryHtml(html, context);
    expect(updates.map((u) => u.at === null)).toEqual([true, false]);
    expect(warnings).toEqual(['unreadable update time "Someday ??"']);
  });

  it('finds no updates in text without the markup', () => {
    expect(updatesFromEntryHtml('<p>We are looking into it.</p>', context).updates).toEqual([]);
  });

  it('reads a same-day maintenance window, ending after midnight when the end hour is earlier', () => {
    const html =
      "<p><strong>THIS IS A SCHEDULED EVENT Dec <var data-var='date'>19</var>, " +
      "<var data-var='time'>23:00</var> - <var data-var='time'>01:00</var> UTC</strong></p>" +
      update('Dec', 18, '08:00', 'UTC', 'Scheduled', 'Switches.');
    const result = updatesFromEntryHtml(html, {
      anchorAt: at('2023-12-19T23:00:00Z'),
      offsetHints: [0],
    });
    expect(iso(result.scheduledFor)).toBe('2023-12-19T23:00:00.000Z');
    expect(iso(result.scheduledUntil)).toBe('2023-12-20T01:00:00.000Z');
    expect(result.updates).toHaveLength(1);
  });

  it('reads a dated maintenance window across New Year', () => {
    const html =
      "<p><strong>THIS IS A SCHEDULED EVENT Dec <var data-var='date'>31</var>, " +
      "<var data-var='time'>22:00</var> UTC &nbsp;-&nbsp; Jan <var data-var='date'>1</var>, " +
      "<var data-var='time'>02:00</var> UTC</strong></p>" +
      update('Dec', 20, '10:00', 'UTC', 'Scheduled', 'Upgrade.');
    const result = updatesFromEntryHtml(html, {
      anchorAt: at('2023-12-31T22:00:00Z'),
      offsetHints: [0],
    });
    expect(iso(result.scheduledFor)).toBe('2023-12-31T22:00:00.000Z');
    expect(iso(result.scheduledUntil)).toBe('2024-01-01T02:00:00.000Z');
    expect(iso(result.updates[0]?.at ?? null)).toBe('2023-12-20T10:00:00.000Z');
  });

  it('warns about a window it cannot read', () => {
    const html =
      '<p><strong>THIS IS A SCHEDULED EVENT soon</strong></p>' +
      update('Dec', 20, '10:00', 'UTC', 'Scheduled', 'Upgrade.');
    const result = updatesFromEntryHtml(html, context);
    expect(result.scheduledFor).toBeNull();
    expect(result.warnings).toEqual(['unreadable maintenance window "soon"']);
  });
});
