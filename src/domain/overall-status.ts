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
  const raise = (s: ComponentStatus): void => {
    if (COMPONENT_STATUS_SEVERITY[s] > COMPONENT_STATUS_SEVERITY[worst]) worst = s;
  };
  for (const c of input.components) raise(c.status);
  for (const i of input.incidents) {
    if (i.isTemplate || isClosedStatus(i.status)) continue;
    if (i.kind === 'maintenance') {
      if (i.status === 'in_progress' || i.status === 'verifying') raise('under_maintenance');
      continue;
    }
    raise(IMPACT_FLOOR[i.impact ?? 'none']);
  }
  if (input.sourceFailing && worst === 'operational') return 'unknown';
  return worst;
}
