import { describe, expect, it } from 'vitest';
import { reliabilityFigures } from '../../reliability/reliability-figures.ts';
import { emptyAnalysis } from '../../domain/index.ts';
import { makeIncident, makeUpdate } from '../../../test/support/builders.ts';
import { figuresTable } from './_figures.ts';

const NOW = Date.UTC(2025, 5, 30, 12);
const MINUTE = 60_000;
const start = NOW - 2 * 86_400_000;
const incident = makeIncident({
  vendorId: 'a',
  status: 'resolved',
  impact: 'major',
  startedAt: start,
  createdAt: start,
  resolvedAt: start + 30 * MINUTE,
  updates: [makeUpdate({ displayedAt: start, createdAt: start })],
});
const bound = (at: number) => ({
  at,
  sentence: 'From X to Y',
  confidence: 'medium' as const,
  source: 'window' as const,
  zone: 'UTC',
  assumptions: [],
});
const coverage = { watchingSince: NOW - 100 * 86_400_000, dataFrom: NOW - 100 * 86_400_000 };

describe('figuresTable', () => {
  it('says how many minutes and resolutions came from the vendor words', () => {
    const analyses = new Map([
      [
        `${incident.providerSlug}\n${incident.vendorId}`,
        {
          ...emptyAnalysis(),
          impactStartedAt: bound(start - 20 * MINUTE),
          impactEndedAt: bound(start + 25 * MINUTE),
        },
      ],
    ]);
    const out = figuresTable([reliabilityFigures([incident], 30, NOW, coverage, analyses)]).value;
    expect(out).toMatch(/from the vendor's own words<\/th>\s*<td>45<\/td>/);
    expect(out).toContain('45 min (1 resolved, 1 from the vendor&#39;s words)');
    const posted = figuresTable([reliabilityFigures([incident], 30, NOW, coverage)]).value;
    expect(posted).toMatch(/from the vendor's own words<\/th>\s*<td>0<\/td>/);
    expect(posted).toContain('30 min (1 resolved)<');
  });
});
