import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseIncidentText } from '../analysis/index.ts';
import { emptyAnalysis } from '../domain/index.ts';
import { impactBlock, windowText } from './_incident-impact.ts';

/**
 * The block is fed by the real analysis of a real postmortem (test/fixtures/postmortems/
 * dfds__PM2021-004.md, provenance in PROVENANCE.md): its timeline runs "2021-03-31 12:06" to
 * "2021-03-31 13:30", "All times in UTC.", and it lists three action items.
 */
const text = readFileSync(
  new URL('../../test/fixtures/postmortems/dfds__PM2021-004.md', import.meta.url),
  'utf8',
);
const resolvedAt = Date.UTC(2021, 2, 31, 13, 30);
// Invented variation: the file carries no publication time; two days after resolution is assumed.
const publishedAt = resolvedAt + 2 * 86_400_000;
const analysis = analyseIncidentText({
  updates: [],
  postmortem: { text, publishedAt },
  resolvedAt,
  referenceAt: Date.UTC(2021, 2, 31, 12),
});
const now = Date.UTC(2026, 0, 1);

describe('impactBlock', () => {
  it('shows the window, its source sentence, a sections outline, timeline and action items', () => {
    const out = impactBlock(analysis, { tz: 'UTC', now }, '#update-pm').value;
    expect(out).toContain(
      "Impact (from the vendor's words):</strong> 2021-03-31 12:06 – 13:30 UTC",
    );
    expect(out).toContain('<details class="impact-source">');
    expect(out).toContain('<blockquote>2021-03-31 12:06 - Token-decrypting');
    expect(out).toContain('Postmortem published 2d 0h 0m after resolution.');
    expect(out.match(/<li data-kind=/g)).toHaveLength(7);
    expect(out).toContain('<a href="#update-pm">Postmortem</a> sections');
    expect(out).toContain('Action Items <span class="quiet">(prevention)</span>');
    expect(out.match(/<li data-state=/g)).toHaveLength(3);
    expect(out.match(/<time datetime="2021-03-31T1/g)).toHaveLength(8);
  });

  it('names the sections without repeating their text, which the page shows once in its place', () => {
    const out = impactBlock(analysis, { tz: 'UTC', now }).value;
    // From the "## Summary" section of the capture: the body's words, not a heading.
    expect(out).not.toContain('the token signing and token decryption certificates applied');
    expect(out).not.toContain('No monitoring or record of certificate expiry');
    expect(out).toContain('<h3>Postmortem sections</h3>');
  });

  it('shows times in the reader zone', () => {
    const out = impactBlock(analysis, { tz: 'Europe/Berlin', now }).value;
    expect(out).toContain('2021-03-31 14:06 – 15:30 CEST');
  });

  it('says how late the vendor posted, and escapes vendor text', () => {
    const a = {
      ...emptyAnalysis(),
      impactStartedAt: {
        at: Date.UTC(2023, 10, 8, 18, 35),
        sentence: 'At <b>5:35 AM AEDT</b>',
        confidence: 'high' as const,
        source: 'start_phrase' as const,
        zone: 'AEDT',
        assumptions: [],
      },
      postingLagMinutes: 51,
      zoneChoices: [{ abbreviation: 'CST', chosen: 'UTC-6', alternatives: ['UTC+8'] }],
    };
    const out = impactBlock(a, { tz: 'UTC', now }).value;
    expect(out).toContain('2023-11-08 18:35 UTC – ?');
    expect(out).toContain('Posted 51m after impact began.');
    expect(out).toContain('At &lt;b&gt;5:35 AM AEDT&lt;/b&gt;');
    expect(out).toContain('&quot;CST&quot; read as UTC-6 (could also be UTC+8).');
  });

  it('is empty when the words say nothing', () => {
    expect(impactBlock(emptyAnalysis(), { tz: 'UTC', now }).value).toBe('');
    expect(impactBlock(null, { tz: 'UTC', now }).value).toBe('');
  });
});

describe('windowText', () => {
  it('keeps the end date when it differs, and marks unknown bounds', () => {
    const a = Date.UTC(2024, 0, 28, 23, 0);
    expect(windowText(a, a + 2 * 3_600_000, 'UTC')).toBe(
      '2024-01-28 23:00 UTC – 2024-01-29 01:00 UTC',
    );
    expect(windowText(null, a, 'UTC')).toBe('? – 2024-01-28 23:00 UTC');
  });
});
