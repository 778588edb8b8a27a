import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseIncident } from '../analysis/analyse-incident.ts';
import { makeIncident, makeUpdate, T0 } from '../../test/support/builders.ts';
import { componentChips } from './_incident-timeline.ts';
import { incidentPage } from './pages/incident.ts';

/**
 * A postmortem with sections (the real test/fixtures/postmortems/dfds__PM2021-004.md, posted
 * here as a postmortem update: an invented placement) must reach the reader once: the
 * vendor's-words block outlines the sections, the timeline holds the text (issue 10's fault).
 */
const text = readFileSync(
  new URL('../../test/fixtures/postmortems/dfds__PM2021-004.md', import.meta.url),
  'utf8',
);
const sentence = 'No monitoring or record of certificate expiry';

describe('incident page postmortem', () => {
  it('shows a postmortem with sections once, in its place', () => {
    const incident = makeIncident({
      status: 'postmortem',
      resolvedAt: T0 + 3_600_000,
      updates: [
        makeUpdate({ vendorId: 'u1', status: 'resolved', displayedAt: T0 + 3_600_000 }),
        makeUpdate({
          vendorId: 'u2',
          status: 'postmortem',
          bodyHtml: `<pre>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`,
          bodyText: text,
          displayedAt: T0 + 7_200_000,
          createdAt: T0 + 7_200_000,
        }),
      ],
    });
    const analysis = analyseIncident(incident);
    expect(analysis.sections.length).toBeGreaterThan(3);
    const page = incidentPage(
      incident,
      'Acme Cloud',
      { time: { tz: 'UTC', now: T0 + 8_000_000 }, path: '/providers/acme/incidents/inc-1' },
      { order: 'newest', known: [], analysis },
    );
    // The latest-update callout repeats the newest update by design; the timeline is its place.
    const timelineAndBlock = page.slice(page.indexOf('class="impact"'));
    expect(timelineAndBlock.split(sentence)).toHaveLength(2);
    expect(page).toContain('<a href="#update-u2">Postmortem</a> sections');
  });
});

describe('component chips', () => {
  it('shows a derived component stored by ingest once, as named in the text', () => {
    const derived = {
      vendorId: 'actions',
      name: 'Actions',
      oldStatus: null,
      newStatus: null,
      derived: true as const,
    };
    const incident = makeIncident({ title: 'Incident with Actions', components: [derived] });
    const out = componentChips(incident, [derived]).value;
    expect(out).toContain('Affected components (1)');
    expect(out.match(/<li class="chip">/g)).toHaveLength(1);
    expect(out).toContain('named in the text (not listed by the vendor)');
  });
});
