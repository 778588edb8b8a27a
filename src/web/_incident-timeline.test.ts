import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseIncident } from '../analysis/analyse-incident.ts';
import { makeIncident, makeUpdate, T0 } from '../../test/support/builders.ts';
import { statuspageV2 } from '../sources/statuspage-v2.ts';
import { componentChips, excerptOf } from './_incident-timeline.ts';
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

describe('incident page postmortem from the real Jira capture', () => {
  // test/fixtures/vendors/statuspage-v2/jira__incidents-2023-09-01.json: pqltf5m971qf's newest
  // update is its 2.8 KB Markdown postmortem (status "postmortem").
  const raw = readFileSync(
    new URL(
      '../../test/fixtures/vendors/statuspage-v2/jira__incidents-2023-09-01.json',
      import.meta.url,
    ),
    'utf8',
  );
  const parsed = statuspageV2
    .parse(raw, { url: null, fetchedAt: T0, contentType: 'application/json' })
    .incidents.find((i) => i.vendorId === 'pqltf5m971qf');
  if (parsed === undefined) throw new Error('pqltf5m971qf not in the capture');
  const incident = makeIncident({ ...parsed, providerSlug: 'jira' });
  const page = incidentPage(incident, 'Jira Software', {
    time: { tz: 'UTC', now: Date.parse('2023-07-15T00:00:00Z') },
    path: '/providers/jira/incidents/pqltf5m971qf',
  });

  it('shows the full text once, rendered, and an excerpt with a link on top', () => {
    // A sentence from the postmortem's last third, so the excerpt cannot hold it.
    expect(page.split('more stringent testing procedures').length - 1).toBe(1);
    expect(page).not.toContain('###');
    expect(page).not.toContain('**SUMMARY**');
    const callout = page.slice(page.indexOf('class="callout"'), page.indexOf('</section>'));
    expect(callout).toContain('Postmortem published');
    expect(callout).toMatch(/<a href="#update-[a-z0-9]+">Read the postmortem<\/a>/);
    expect(callout).toContain('We understand the importance of providing reliable');
  });
});

describe('excerptOf', () => {
  it('keeps short text whole and cuts long text at a word', () => {
    expect(excerptOf('  Short\ntext. ')).toBe('Short text.');
    const long = excerptOf('word '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(241);
    expect(long).toMatch(/word…$/);
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
