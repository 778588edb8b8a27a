import type { Anomaly } from './anomaly.ts';
import { isSetAside } from './incident-staleness.ts';
import {
  COMPONENT_STATUS_SEVERITY,
  isClosedStatus,
  type AnyIncidentStatus,
  type ComponentStatus,
  type Impact,
  type IncidentKind,
  type ProviderStatus,
} from './vocabulary.ts';

export interface OpenIncidentFacts {
  kind: IncidentKind;
  impact: Impact | null;
  status: AnyIncidentStatus;
  isTemplate: boolean;
  /** Stale and withdrawn incidents carry a note here and no longer drive the status. */
  ingestAnomalies?: readonly Anomaly[];
}

const IMPACT_FLOOR: Record<Impact, ComponentStatus> = {
  critical: 'major_outage',
  major: 'partial_outage',
  minor: 'degraded_performance',
  // An open incident the vendor graded "none" still means something is wrong.
  none: 'degraded_performance',
  maintenance: 'under_maintenance',
};

/**
 * A provider's overall status: the worst of its components and of its open incidents. It is
 * never "operational" while an incident is open, whatever impact the vendor gave it, and it is
 * "unknown" when the source is failing, because stale data must not look like good news.
 */
export function overallStatus(input: {
  components: readonly { status: ComponentStatus }[];
  incidents: readonly OpenIncidentFacts[];
  sourceFailing: boolean;
}): ProviderStatus {
  let worst: ComponentStatus = 'operational';
  for (const c of input.components) worst = worse(worst, c.status);
  for (const i of input.incidents) worst = worse(worst, incidentFloor(i));
  if (input.sourceFailing && worst === 'operational') return 'unknown';
  return worst;
}

/** The worst of several statuses (a group's row): operational when there are none. */
export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) worst = worse(worst, s);
  return worst;
}

// --- internal ---

function worse(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return COMPONENT_STATUS_SEVERITY[b] > COMPONENT_STATUS_SEVERITY[a] ? b : a;
}

function incidentFloor(i: OpenIncidentFacts): ComponentStatus {
  if (i.isTemplate || isClosedStatus(i.status) || isSetAside(i)) return 'operational';
  if (i.kind === 'maintenance') {
    return i.status === 'in_progress' || i.status === 'verifying'
      ? 'under_maintenance'
      : 'operational';
  }
  return IMPACT_FLOOR[i.impact ?? 'none'];
}
