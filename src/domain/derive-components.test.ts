import { describe, expect, it } from 'vitest';
import { deriveComponents, isPseudoComponent } from './derive-components.ts';
import { impactWord } from './derived-impact.ts';

// Component names from fixtures/vendors/statuspage-v2/github__summary.json; the title is the
// shape of GitHub's history.atom titles ("Disruption with some GitHub services" / "Incident
// with Actions and Pages").
const GITHUB = [
  { vendorId: 'git', name: 'Git Operations' },
  { vendorId: 'actions', name: 'Actions' },
  { vendorId: 'pages', name: 'Pages' },
  { vendorId: 'api', name: 'API Requests' },
  { vendorId: 'visit', name: 'Visit www.githubstatus.com for more information' },
];
const update = (bodyText: string) => ({
  vendorId: 'u',
  status: 'investigating' as const,
  label: null,
  bodyHtml: '',
  bodyText,
  displayedAt: null,
  createdAt: null,
  affectedComponents: [],
});

describe('deriveComponents', () => {
  it('finds known names in the title and updates, whole words, recorded as derived', () => {
    const found = deriveComponents(
      {
        title: 'Incident with Actions',
        components: [],
        updates: [update('We are investigating reports of degraded performance for Pages.')],
      },
      GITHUB,
    );
    expect(found.map((c) => [c.vendorId, c.derived, c.newStatus])).toEqual([
      ['actions', true, null],
      ['pages', true, null],
    ]);
  });

  it('does not count a name inside a longer one or inside a word, nor pseudo-components', () => {
    const known = [...GITHUB, { vendorId: 'git', name: 'Git' }];
    const found = deriveComponents(
      {
        title: 'Git Operations degraded; Webpages fine; visit www.githubstatus.com',
        components: [],
        updates: [],
      },
      [{ vendorId: 'git-ops', name: 'Git Operations' }, ...known.slice(1)],
    );
    expect(found.map((c) => c.vendorId)).toEqual(['git-ops']);
  });

  it('takes a lower-case word for a word, not a component (a real GitHub feed sentence)', () => {
    // fixtures/vendors/statuspage-feed/github__history.atom, incident gx7js8bd0jpz.
    const words = 'These issues were caused by failures in backend requests';
    const known = [...GITHUB, { vendorId: 'issues', name: 'Issues' }];
    const found = deriveComponents(
      { title: 'Incident with Actions', components: [], updates: [update(words)] },
      known,
    );
    expect(found.map((c) => c.vendorId)).toEqual(['actions']);
  });

  it('finds again the derived components stored earlier, and no others', () => {
    const stored = [
      {
        vendorId: 'pages',
        name: 'Pages',
        oldStatus: null,
        newStatus: null,
        derived: true as const,
      },
    ];
    const found = deriveComponents(
      { title: 'Incident with Actions', components: stored, updates: [] },
      GITHUB,
    );
    expect(found.map((c) => c.vendorId)).toEqual(['actions']);
  });

  it('finds a name among thousands listed, scanning only names whose words occur (invented list)', () => {
    const many = Array.from({ length: 5_000 }, (_, n) => ({
      vendorId: `c${String(n)}`,
      name: `Region ${String(n)} Storage`,
    }));
    const found = deriveComponents(
      { title: 'Errors in Region 4321 Storage', components: [], updates: [] },
      many,
    );
    expect(found.map((c) => c.vendorId)).toEqual(['c4321']);
  });

  it('leaves incidents alone whose vendor listed components', () => {
    const listed = [{ vendorId: 'actions', name: 'Actions', oldStatus: null, newStatus: null }];
    expect(
      deriveComponents({ title: 'Pages down', components: listed, updates: [] }, GITHUB),
    ).toEqual([]);
  });

  it('knows the GitHub notice row is not a component', () => {
    expect(isPseudoComponent('Visit www.githubstatus.com for more information')).toBe(true);
    expect(isPseudoComponent('Visitor analytics')).toBe(false);
  });
});

describe('impactWord', () => {
  const base = { kind: 'incident' as const, components: [], updates: [] };
  it("keeps the vendor's impact", () => {
    expect(impactWord({ ...base, impact: 'major' })).toEqual({ impact: 'major', derived: false });
  });
  it('derives it from the worst component status, else none, never null', () => {
    const affected = (newStatus: 'partial_outage' | 'degraded_performance') => ({
      ...update(''),
      affectedComponents: [{ vendorId: null, name: 'x', oldStatus: null, newStatus }],
    });
    const updates = [affected('degraded_performance'), affected('partial_outage')];
    expect(impactWord({ ...base, impact: null, updates })).toEqual({
      impact: 'major',
      derived: true,
    });
    expect(impactWord({ ...base, impact: null })).toEqual({ impact: 'none', derived: true });
    expect(impactWord({ ...base, kind: 'maintenance', impact: null }).impact).toBe('maintenance');
  });
});
