import { isDeepStrictEqual } from 'node:util';
import { deriveComponents, type Component, type StoredIncident } from '../domain/index.ts';

/**
 * The incidents about to be written, each feed incident with the components its title and
 * updates name, stored marked `derived` so that API, figures and bars see them without
 * mistaking them for the vendor's list. A vendor-given list is kept as it is. Runs on changed
 * incidents only, after reconcile: a stored derived list is carried by the merge (feeds send no
 * list), so an unchanged incident stays unchanged on the next poll.
 *
 * `known` is the provider's component list; while it is empty (no summary read yet) derived
 * components found earlier are kept rather than dropped.
 */
export function withDerivedComponents(
  incidents: readonly StoredIncident[],
  known: readonly Component[],
): StoredIncident[] {
  if (known.length === 0) return [...incidents];
  return incidents.map((incident) => {
    if (incident.components.some((c) => c.derived !== true)) return incident;
    const derived = deriveComponents(incident, known);
    return isDeepStrictEqual(derived, incident.components)
      ? incident
      : { ...incident, components: derived };
  });
}
