import { describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../config/index.ts';
import type { AffectedComponent, StoredEvent } from '../domain/index.ts';
import {
  T0,
  makeComponent,
  makeEvent,
  makeIncident,
  makeUpdate,
} from '../../test/support/builders.ts';
import {
  dependencyHits,
  pageDraftChanges,
  vendorNameOf,
  type DraftPlanFacts,
} from './dependency-drafts.ts';

// GitHub's Actions component as github__summary-2026-07-31.json lists it.
const ACTIONS = { vendorId: 'br0l2tvcx85d', name: 'Actions' };

const pageWith = (components: unknown[]) =>
  pageConfigSchema.parse({ slug: 'acme', name: 'Acme', url: 'https://status.acme.example', components }); // prettier-ignore

const affected = (status: AffectedComponent['newStatus'], derived = false): AffectedComponent => ({
  ...ACTIONS,
  oldStatus: null,
  newStatus: status,
  ...(derived ? { derived: true as const } : {}),
});

const githubIncident = (overrides: Parameters<typeof makeIncident>[0] = {}) =>
  makeIncident({ providerSlug: 'github', vendorId: 'qcvjkzcs7j74', title: 'Incident with Actions', url: 'https://www.githubstatus.com/incidents/qcvjkzcs7j74', ...overrides }); // prettier-ignore

const stored = (event: ReturnType<typeof makeEvent>, id: number): StoredEvent => ({
  ...event,
  id,
  imported: false,
});

const facts = (incident: ReturnType<typeof githubIncident>, autoPublish = true): DraftPlanFacts => ({
  incidents: [incident],
  components: [makeComponent({ ...ACTIONS, status: 'operational' })],
  vendorName: 'GitHub',
  now: T0,
  autoPublish,
}); // prettier-ignore

describe('dependsOn in the page: section', () => {
  it('takes provider:component, defaults to none, and names a bad entry', () => {
    const page = pageWith([{ name: 'CI', dependsOn: ['github:actions', 'stripe:API Requests'] }, { name: 'Web' }]); // prettier-ignore
    expect(page.components.map((c) => [c.dependsOn, c.autoPublish])).toEqual([
      [['github:actions', 'stripe:API Requests'], false],
      [[], false],
    ]);
    const bad = pageConfigSchema.safeParse({ name: 'x', url: 'https://s.example', components: [{ name: 'CI', dependsOn: ['actions'] }] }); // prettier-ignore
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'components.0.dependsOn.0: a dependency is "provider:component", e.g. github:actions',
    ]);
  });
});

describe('which vendor incidents affect a dependency', () => {
  const page = pageWith([
    { name: 'CI', dependsOn: ['github:actions'] },
    { name: 'Builds', dependsOn: ['github:br0l2tvcx85d'] },
    { name: 'Docs', dependsOn: ['github:Pages', 'other:actions'] },
  ]);

  it('matches the vendor component by id, or by name in any case', () => {
    const incident = githubIncident({ components: [affected(null, true)] });
    const hits = dependencyHits(page, incident, [makeComponent(ACTIONS)]);
    expect(hits.map((h) => [h.ours.id, h.vendorComponent])).toEqual([
      ['ci', 'Actions'],
      ['builds', 'Actions'],
    ]);
  });

  it("with no component list (a feed alone), finds the name in the incident's words as the vendor writes it", () => {
    const words = githubIncident({ updates: [makeUpdate({ bodyText: 'Pages is experiencing degraded performance.' })] }); // prettier-ignore
    expect(dependencyHits(page, words, null).map((h) => h.ours.id)).toEqual(['docs']);
    // Lower-case "actions" is an ordinary word: "github:actions" is never looked for in the text.
    const lower = githubIncident({ title: 'Taking actions', updates: [] });
    expect(dependencyHits(page, lower, [])).toEqual([]);
  });
});

describe('the draft changes of a vendor write', () => {
  const page = pageWith([
    { name: 'CI', dependsOn: ['github:actions'], autoPublish: true },
    { name: 'Runners', dependsOn: ['github:actions'] },
  ]);

  it('raises a worded draft for an open incident naming a dependency', () => {
    const incident = githubIncident({ components: [affected('partial_outage')] });
    const [change, ...rest] = pageDraftChanges(page, [stored(makeEvent({ providerSlug: 'github', incidentVendorId: 'qcvjkzcs7j74' }), 1)], facts(incident)); // prettier-ignore
    expect(rest).toEqual([]);
    expect(change).toEqual({
      kind: 'raise',
      draft: {
        pageSlug: 'acme',
        vendor: { providerSlug: 'github', vendorId: 'qcvjkzcs7j74' },
        vendorName: 'GitHub',
        vendorTitle: 'Incident with Actions',
        vendorUrl: 'https://www.githubstatus.com/incidents/qcvjkzcs7j74',
        title: 'Partial outage of CI and Runners: our provider GitHub reports a partial outage of Actions',
        body: 'Our provider GitHub reports "Incident with Actions", which affects CI and Runners. We are watching their incident and will post an update here. Their report: https://www.githubstatus.com/incidents/qcvjkzcs7j74',
        impact: 'major',
        components: { ci: 'partial_outage', runners: 'partial_outage' },
        // Runners did not opt in: nothing naming it goes public unseen.
        autoPublish: false,
        raisedAt: T0,
      },
    });
  }); // prettier-ignore

  it('auto-publishes only when every named component opted in and the caller allows it', () => {
    const onlyCi = pageWith([{ name: 'CI', dependsOn: ['github:actions'], autoPublish: true }]);
    const incident = githubIncident({ components: [affected(null, true)] });
    const event = [stored(makeEvent({ providerSlug: 'github', incidentVendorId: 'qcvjkzcs7j74' }), 1)]; // prettier-ignore
    const raised = (allow: boolean) => pageDraftChanges(onlyCi, event, facts(incident, allow)).map((c) => c.kind === 'raise' && [c.draft.autoPublish, c.draft.title]); // prettier-ignore
    expect(raised(true)).toEqual([[true, 'Delays in CI: our provider GitHub reports degraded Actions']]); // prettier-ignore
    expect(raised(false)).toEqual([[false, 'Delays in CI: our provider GitHub reports degraded Actions']]); // prettier-ignore
  });

  it('proposes a resolution on resolve, withdraws it on reopen, and raises nothing for closed or own incidents', () => {
    const open = githubIncident({ components: [affected(null, true)] });
    const closed = { ...open, status: 'resolved' as const, resolvedAt: T0 };
    const event = (kind: 'incident_resolved' | 'incident_reopened' | 'incident_updated') =>
      stored({ ...makeEvent({ providerSlug: 'github', incidentVendorId: 'qcvjkzcs7j74' }), kind, updateVendorId: 'u' } as ReturnType<typeof makeEvent>, 2); // prettier-ignore
    const vendor = { providerSlug: 'github', vendorId: 'qcvjkzcs7j74' };
    expect(pageDraftChanges(page, [event('incident_resolved')], facts(closed))).toEqual([
      { kind: 'propose_resolution', vendor, proposedAt: T0, body: 'Our provider GitHub reports "Incident with Actions" resolved, and our service has recovered.' },
    ]); // prettier-ignore
    expect(pageDraftChanges(page, [event('incident_updated')], facts(closed))).toEqual([]);
    expect(pageDraftChanges(page, [event('incident_reopened')], facts(open)).map((c) => c.kind)).toEqual(['withdraw_resolution', 'raise']); // prettier-ignore
    const own = pageWith([{ name: 'CI', dependsOn: ['acme:actions'] }]);
    const ownIncident = { ...open, providerSlug: 'acme' };
    const ownEvent = stored(makeEvent({ providerSlug: 'acme', incidentVendorId: 'qcvjkzcs7j74' }), 3); // prettier-ignore
    expect(pageDraftChanges(own, [ownEvent], facts(ownIncident))).toEqual([]);
  });

  it('calls the vendor by its name, not its page title', () => {
    expect(['GitHub Status', 'Stripe status page', 'Statuspage', 'Status'].map(vendorNameOf)).toEqual(['GitHub', 'Stripe', 'Statuspage', 'Status']); // prettier-ignore
  });
});
