import {
  IMPACT_SEVERITY,
  type Component,
  type ComponentStatus,
  type Impact,
  type StoredEvent,
  type StoredIncident,
  type SubscriptionSpec,
} from '../domain/index.ts';
import { alertKindOf } from './alert-kinds.ts';

/** What matching may need beyond the event; both come with the ingest write. */
export interface MatchFacts {
  /** The incident an incident event is about. */
  incident?: StoredIncident | null;
  /** The provider's components, to know which group a component belongs to. */
  components?: readonly Component[] | null;
}

interface ComponentRef {
  vendorId: string | null;
  name: string;
}

/**
 * Pure: does this subscriber want this event? Imported events, template and backfilled
 * incidents never match. An incident whose impact the vendor does not give (feeds) passes any
 * impact floor: silence is the failure we fear most. An incident naming no components does not
 * pass a component filter: the subscriber narrowed on purpose.
 */
export function matches(
  spec: SubscriptionSpec,
  event: StoredEvent,
  facts: MatchFacts = {},
): boolean {
  if (event.imported) return false;
  const kind = maintenanceAware(alertKindOf(event.kind), event, facts.incident ?? null);
  if (kind === null || !spec.events.includes(kind)) return false;
  if (spec.providers !== 'all' && !spec.providers.includes(event.providerSlug)) return false;
  const groups = groupLookup(facts.components ?? null);
  if (event.kind === 'source_failed' || event.kind === 'source_recovered') return true;
  if (event.kind === 'provider_status_changed') return false;
  if (event.kind === 'component_status_changed') {
    const worst = worseComponentImpact(event.from, event.to);
    const component = { vendorId: event.componentVendorId, name: event.componentName };
    return passesFloor(worst, spec) && selectsAny(spec, [component], groups);
  }
  const incident = facts.incident ?? null;
  if (incident !== null && (incident.isTemplate || incident.backfilled)) return false;
  if (kind !== 'maintenance' && !passesFloor(event.impact, spec)) return false;
  return selectsAny(spec, affectedComponents(incident), groups);
}

// --- internal ---

/**
 * Every update of a maintenance (a plain "Update", in progress → verifying) is maintenance
 * news, so it follows the subscriber's maintenance choice, not "updated".
 */
function maintenanceAware(
  kind: ReturnType<typeof alertKindOf>,
  event: StoredEvent,
  incident: StoredIncident | null,
): ReturnType<typeof alertKindOf> {
  if (kind === null || !('incidentVendorId' in event)) return kind;
  const isMaintenance = incident?.kind === 'maintenance' || event.impact === 'maintenance';
  return isMaintenance ? 'maintenance' : kind;
}

const COMPONENT_IMPACT: Record<ComponentStatus, Impact> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/** A recovery is as important as the outage it ends. */
function worseComponentImpact(from: ComponentStatus | null, to: ComponentStatus): Impact {
  const a = COMPONENT_IMPACT[to];
  const b = from === null ? 'none' : COMPONENT_IMPACT[from];
  return IMPACT_SEVERITY[a] >= IMPACT_SEVERITY[b] ? a : b;
}

function passesFloor(impact: Impact | null, spec: SubscriptionSpec): boolean {
  if (spec.minimumImpact === 'none' || impact === null) return true;
  return IMPACT_SEVERITY[impact] >= IMPACT_SEVERITY[spec.minimumImpact];
}

function selectsAny(
  spec: SubscriptionSpec,
  refs: readonly ComponentRef[],
  groupOf: (ref: ComponentRef) => string | null,
): boolean {
  if (spec.components.length === 0 && spec.groups.length === 0) return true;
  const wanted = new Set(spec.components.map(fold));
  const wantedGroups = new Set(spec.groups.map(fold));
  return refs.some((ref) => {
    if ((ref.vendorId !== null && wanted.has(fold(ref.vendorId))) || wanted.has(fold(ref.name))) {
      return true;
    }
    const group = groupOf(ref);
    return group !== null && wantedGroups.has(fold(group));
  });
}

/** Components named for the incident as a whole and in any of its updates. */
function affectedComponents(incident: StoredIncident | null): ComponentRef[] {
  if (incident === null) return [];
  return [...incident.components, ...incident.updates.flatMap((u) => u.affectedComponents)];
}

function groupLookup(
  components: readonly Component[] | null,
): (ref: ComponentRef) => string | null {
  const byId = new Map<string, string | null>();
  const byName = new Map<string, string | null>();
  for (const c of components ?? []) {
    byId.set(c.vendorId, c.groupName);
    byName.set(fold(c.name), c.groupName);
  }
  return (ref) =>
    (ref.vendorId === null ? undefined : byId.get(ref.vendorId)) ??
    byName.get(fold(ref.name)) ??
    null;
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}
