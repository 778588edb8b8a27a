import { describe, expect, it } from 'vitest';
import { analyseIncidentText } from './analyse-incident-text.ts';

/** Text built to hurt a parser: long, nested, binary, or shaped to make a regex backtrack. */
const HOSTILE: Record<string, string> = {
  'a megabyte of digits': '1'.repeat(1_000_000),
  'colon runs': '1:1:1:1:'.repeat(20_000),
  'nested parentheses': '('.repeat(50_000) + ')'.repeat(50_000),
  'unclosed bold': '**'.repeat(60_000),
  'unclosed tags': '<a href="'.repeat(20_000),
  'heading marks': '#'.repeat(100_000) + ' x',
  'binary noise': Array.from({ length: 200_000 }, (_, i) =>
    String.fromCharCode((i * 7919) % 65536),
  ).join(''),
  'month words without numbers': 'January February, March '.repeat(10_000),
  'zone words': 'UTC+GMT-PST '.repeat(10_000),
  'entity soup': '&amp;&#0;&#9999999;&#xD800;'.repeat(10_000),
  'one endless line of dashes': '- '.repeat(100_000),
  empty: '',
  whitespace: ' \n\t\r'.repeat(20_000),
};

describe('hostile or unreadable text', () => {
  it.each(Object.entries(HOSTILE))(
    '%s gives an empty analysis, quickly, without throwing',
    (_name, text) => {
      const started = performance.now();
      const a = analyseIncidentText({
        updates: [{ text, postedAt: Date.parse('2026-07-01T10:00Z'), status: 'resolved' }],
        postmortem: { text, publishedAt: null },
      });
      const ms = performance.now() - started;
      expect(a.impactStartedAt).toBeNull();
      expect(a.impactEndedAt).toBeNull();
      expect(a.timeline).toEqual([]);
      expect(a.actionItems).toEqual([]);
      expect(a.anomalies.map((x) => x.kind)).not.toContain('analysis_failed');
      // Generous for a shared CI machine; bench/analyse.ts measures the real figure per 10 KB.
      expect(ms).toBeLessThan(1_000);
    },
  );

  it('stays bounded on ten thousand timeline-shaped lines', () => {
    const text = '10:05. The monitoring system generated alerts.\n'.repeat(10_000);
    const started = performance.now();
    const a = analyseIncidentText({
      updates: [],
      postmortem: { text, publishedAt: null },
      referenceAt: Date.parse('2022-01-27T12:00Z'),
    });
    expect(a.timeline).toHaveLength(200); // MAX_TIMELINE_ENTRIES: a log paste is read this far
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('survives input that is not even a string', () => {
    const a = analyseIncidentText({
      updates: [{ text: null as unknown as string, postedAt: null, status: 'resolved' }],
      postmortem: null,
    });
    expect(a.anomalies.map((x) => x.kind)).toEqual(['analysis_failed']);
    expect(a.impactStartedAt).toBeNull();
  });
});
