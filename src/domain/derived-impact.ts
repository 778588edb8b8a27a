import type { ComponentStatus, Impact } from './vocabulary.ts';
import type { Incident } from './model.ts';

/** An impact in Statuspage's words, and whether the vendor said it or we worked it out. */
export interface ImpactWord {
  impact: Impact;
  derived: boolean;
}

/** Statuspage's own reading of a component status as an impact. */
export const IMPACT_OF_COMPONENT_STATUS: Record<ComponentStatus, Impact> = {
  major_outage: 'critical',
  partial_outage: 'major',
  degraded_performance: 'minor',
  under_maintenance: 'maintenance',
  operational: 'none',
};
const RANK: Impact[] = ['none', 'maintenance', 'minor', 'major', 'critical'];

/**
 * The vendor's impact when it gave one. Otherwise (feeds give none) it is derived, as
 * Statuspage itself derives it: from the worst status a component reached during the incident;
 * a maintenance is "maintenance"; with no component status at all, "none". Never null, since
 * Statuspage clients read `impact` as one of these words.
 */
export function impactWord(
  incident: Pick<Incident, 'impact' | 'kind' | 'components' | 'updates'>,
): ImpactWord {
  if (incident.impact !== null) return { impact: incident.impact, derived: false };
  if (incident.kind === 'maintenance') return { impact: 'maintenance', derived: true };
  let worst: Impact = 'none';
  const statuses = [
    ...incident.components.map((c) => c.newStatus),
    ...incident.updates.flatMap((u) => u.affectedComponents.map((c) => c.newStatus)),
  ];
  for (const status of statuses) {
    const impact = status === null ? 'none' : IMPACT_OF_COMPONENT_STATUS[status];
    if (RANK.indexOf(impact) > RANK.indexOf(worst)) worst = impact;
  }
  return { impact: worst, derived: true };
}
