import {
  componentSentence,
  deriveComponents,
  isClosedStatus,
  type Component,
  type ComponentStatus,
  type EpochMs,
  type Impact,
  type StoredEvent,
  type StoredIncident,
} from '../domain/index.ts';
import { componentIdOf, type PageConfig } from '../config/index.ts';
import type { IncidentKeyRef, NewPageIncidentDraft, PageDraftChange } from '../storage/store.ts';

/**
 * Pure: which of a vendor's events raise or close a draft incident on the own page. A page
 * component declares `dependsOn: [github:actions]`; a vendor incident of provider `github` that
 * is open and names that component raises one draft per (vendor incident, page). Matching:
 * the vendor component's id, else its name in any case, among the incident's components (the
 * vendor's, or those ingest derived from a feed's words). A provider whose component list is
 * unknown (a feed with no summary read) is matched on the incident's words by the rule ingest
 * derives components with, when the name is written as the vendor capitalises it
 * (`github:Actions`; a name in lower case there matches nothing, being an ordinary word).
 */

export interface Dependency {
  providerSlug: string;
  /** The vendor component's id or name, as written in the configuration. */
  component: string;
}

export function parseDependency(text: string): Dependency {
  const at = text.indexOf(':');
  return { providerSlug: text.slice(0, at), component: text.slice(at + 1).trim() };
}

/** The provider slugs a page depends on: writes of other providers never raise a draft. */
export function dependedOnProviders(page: PageConfig): Set<string> {
  return new Set(
    page.components.flatMap((c) => c.dependsOn.map((d) => parseDependency(d).providerSlug)),
  );
}

/**
 * The vendor as our users know it: pages are often named "GitHub Status", and "our provider
 * GitHub Status reports …" reads wrong.
 */
export function vendorNameOf(providerName: string): string {
  const name = providerName.replace(/\s+status(\s+page)?\s*$/i, '').trim();
  return name === '' ? providerName : name;
}

/** One of our components hit through one of its dependencies. */
export interface DependencyHit {
  ours: { id: string; name: string; autoPublish: boolean };
  vendorComponent: string;
  /** The vendor component's status, when the vendor says it (feeds do not). */
  vendorStatus: ComponentStatus | null;
}

/** Our components the incident affects, through their dependencies on its provider. */
export function dependencyHits(
  page: PageConfig,
  incident: StoredIncident,
  vendorComponents: readonly Component[] | null,
): DependencyHit[] {
  const hits: DependencyHit[] = [];
  for (const c of page.components) {
    for (const dependency of c.dependsOn.map(parseDependency)) {
      if (dependency.providerSlug !== incident.providerSlug) continue;
      const named = namedComponent(incident, dependency.component, vendorComponents);
      if (named === null) continue;
      const ours = { id: componentIdOf(c), name: c.name, autoPublish: c.autoPublish };
      hits.push({ ours, ...named });
      break;
    }
  }
  return hits;
}

export interface DraftPlanFacts {
  /** The write's incidents: the events' incidents as stored with them. */
  incidents: readonly StoredIncident[];
  /** The vendor's component list (the write's, else the stored one). */
  components: readonly Component[] | null;
  vendorName: string;
  now: EpochMs;
  /** False where drafts must wait for an operator whatever the page says (simulations). */
  autoPublish: boolean;
}

/**
 * The draft changes of the events one vendor write inserted: an open incident affecting a
 * dependency raises its draft (repeats are ignored by the store); a resolution proposes one;
 * a reopening withdraws the proposal.
 */
export function pageDraftChanges(
  page: PageConfig,
  events: readonly StoredEvent[],
  facts: DraftPlanFacts,
): PageDraftChange[] {
  const byId = new Map(facts.incidents.map((i) => [i.vendorId, i]));
  const changes: PageDraftChange[] = [];
  for (const event of events) {
    if (!('incidentVendorId' in event) || event.providerSlug === page.slug) continue;
    const incident = byId.get(event.incidentVendorId);
    if (incident === undefined || incident.kind !== 'incident' || incident.isTemplate) continue;
    const vendor: IncidentKeyRef = { providerSlug: incident.providerSlug, vendorId: incident.vendorId };
    if (event.kind === 'incident_resolved') {
      const body = resolutionText(facts.vendorName, incident);
      changes.push({ kind: 'propose_resolution', vendor, proposedAt: facts.now, body });
      continue;
    }
    if (event.kind === 'incident_reopened') changes.push({ kind: 'withdraw_resolution', vendor });
    if (isClosedStatus(incident.status)) continue;
    const hits = dependencyHits(page, incident, facts.components);
    if (hits.length > 0) changes.push({ kind: 'raise', draft: draftOf(page, incident, hits, facts) });
  }
  return changes;
} // prettier-ignore

/**
 * The draft's words: "Delays in CI: our provider GitHub reports degraded Actions". Our
 * components take the vendor component's status (degraded when the vendor does not say), and
 * the impact follows the worst of them, as Statuspage derives one.
 */
export function draftOf(
  page: PageConfig,
  incident: StoredIncident,
  hits: readonly DependencyHit[],
  facts: DraftPlanFacts,
): NewPageIncidentDraft {
  const status = worst(hits.map((h) => h.vendorStatus ?? 'degraded_performance'));
  const ours = componentSentence(hits.map((h) => h.ours.name)) ?? page.name;
  const theirs = componentSentence(hits.map((h) => h.vendorComponent)) ?? incident.title;
  const words = WORDING[status];
  const title = `${words.lead} ${ours}: our provider ${facts.vendorName} reports ${words.vendor} ${theirs}`;
  const link = incident.url ?? incident.shortlink;
  const body =
    `Our provider ${facts.vendorName} reports "${incident.title}", which affects ${ours}. ` +
    `We are watching their incident and will post an update here.` +
    (link === null ? '' : ` Their report: ${link}`);
  return {
    pageSlug: page.slug,
    vendor: { providerSlug: incident.providerSlug, vendorId: incident.vendorId },
    vendorName: facts.vendorName,
    vendorTitle: incident.title,
    vendorUrl: link,
    title: title.slice(0, 255),
    body,
    impact: words.impact,
    components: Object.fromEntries(hits.map((h) => [h.ours.id, status])),
    // Only when every component it names opted in: one that did not must not go public unseen.
    autoPublish: facts.autoPublish && hits.every((h) => h.ours.autoPublish),
    raisedAt: facts.now,
  };
} // prettier-ignore

// --- internal ---

type Affecting = Exclude<ComponentStatus, 'operational' | 'under_maintenance'>;

const WORDING: Record<Affecting, { lead: string; vendor: string; impact: Impact }> = {
  degraded_performance: { lead: 'Delays in', vendor: 'degraded', impact: 'minor' },
  partial_outage: { lead: 'Partial outage of', vendor: 'a partial outage of', impact: 'major' },
  major_outage: { lead: 'Outage of', vendor: 'an outage of', impact: 'critical' },
};

const SEVERITY: readonly Affecting[] = ['degraded_performance', 'partial_outage', 'major_outage'];

function worst(statuses: readonly ComponentStatus[]): Affecting {
  let found: Affecting = 'degraded_performance';
  for (const s of statuses) {
    if (s === 'operational' || s === 'under_maintenance') continue;
    if (SEVERITY.indexOf(s) > SEVERITY.indexOf(found)) found = s;
  }
  return found;
}

function resolutionText(vendorName: string, incident: StoredIncident): string {
  return `Our provider ${vendorName} reports "${incident.title}" resolved, and our service has recovered.`;
}

/** The dependency among the incident's components, with its status, else null. */
function namedComponent(
  incident: StoredIncident,
  wanted: string,
  vendorComponents: readonly Component[] | null,
): { vendorComponent: string; vendorStatus: ComponentStatus | null } | null {
  const same = (c: { vendorId: string | null; name: string }) =>
    c.vendorId === wanted || c.name.toLowerCase() === wanted.toLowerCase();
  let named = incident.components.find(same);
  // Words only for a name written as a proper noun: "github:actions" would find "taking actions".
  const properNoun = /\p{Lu}/u.test(wanted);
  if (named === undefined && properNoun && (vendorComponents ?? []).length === 0) {
    named = deriveComponents(incident, [{ vendorId: wanted, name: wanted }])[0];
  }
  if (named === undefined) return null;
  // The vendor's current word on the component, else what the incident's updates set it to.
  const listed = vendorComponents?.find(same)?.status;
  const status = listed !== undefined && listed !== 'operational' ? listed : named.newStatus;
  return { vendorComponent: named.name, vendorStatus: status };
}
