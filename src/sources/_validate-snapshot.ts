import {
  epochFrom,
  type Component,
  type EpochMs,
  type Incident,
  type IncidentUpdate,
  type Snapshot,
} from '../domain/index.ts';
import type { Warn } from './_statuspage-mapping.ts';

/**
 * The last gate between a vendor's payload and the rest of statuswatch, run on every parse
 * (see `checkedSource`). Each source already reads times through `epochFrom`; this pass makes
 * the promise whole for any value a source let through:
 * - a time that is not a valid EpochMs in range becomes null, with a warning naming the field;
 * - a component position that is not a non-negative integer becomes the list index;
 * - an id listed twice is kept once, by one rule: the copy with the newest time it carries
 *   (incidents: their latest update or state change; updates: display/creation time;
 *   components carry no time in the model, so the first listed wins, and Statuspage's own
 *   mapping already picked the newest `updated_at`). Ties keep the first listed.
 * Nothing here throws: a bad item costs a warning, never the payload.
 */
export function validateSnapshot(snapshot: Snapshot, warn: Warn): Snapshot {
  return {
    ...snapshot,
    page: {
      ...snapshot.page,
      updatedAt: checkedTime(snapshot.page.updatedAt, 'page updatedAt', warn),
    },
    components: snapshot.components === null ? null : checkedComponents(snapshot.components, warn),
    incidents: keepNewest(
      snapshot.incidents.map((i) => checkedIncident(i, warn)),
      newestTimeOfIncident,
      'incident',
      warn,
    ),
  };
}

/** Of items sharing an id, the one with the newest time; the kept items stay in list order. */
export function keepNewest<T extends { vendorId: string }>(
  items: readonly T[],
  timeOf: (item: T) => EpochMs | null,
  what: string,
  warn: Warn,
): T[] {
  const chosen = new Map<string, number>();
  items.forEach((item, index) => {
    const previous = chosen.get(item.vendorId);
    if (previous === undefined) {
      chosen.set(item.vendorId, index);
      return;
    }
    const kept = items[previous] as T;
    const newer = (timeOf(item) ?? -Infinity) > (timeOf(kept) ?? -Infinity);
    if (newer) chosen.set(item.vendorId, index);
    warn(
      `${what} ${item.vendorId} listed twice; kept the ${newer ? 'later' : 'earlier'} copy (newest time wins)`,
    );
  });
  const keep = new Set(chosen.values());
  return items.filter((_, index) => keep.has(index));
}

// --- internal ---

function checkedTime(value: EpochMs | null, where: string, warn: Warn): EpochMs | null {
  if (value === null) return null;
  const ms = epochFrom(value);
  if (ms === null) warn(`${where}: time ${String(value)} out of range; dropped`);
  return ms;
}

function checkedComponents(components: readonly Component[], warn: Warn): Component[] {
  const positioned = components.map((c, index) => {
    if (Number.isSafeInteger(c.position) && c.position >= 0) return c;
    warn(
      `component ${c.vendorId}: position ${String(c.position)} is not a whole number; listed at ${index}`,
    );
    return { ...c, position: index };
  });
  return keepNewest(positioned, () => null, 'component', warn);
}

const INCIDENT_TIMES = [
  'createdAt',
  'startedAt',
  'monitoringAt',
  'resolvedAt',
  'scheduledFor',
  'scheduledUntil',
] as const;

function checkedIncident(incident: Incident, warn: Warn): Incident {
  const where = `incident ${incident.vendorId}`;
  const checked = { ...incident };
  for (const key of INCIDENT_TIMES)
    checked[key] = checkedTime(incident[key], `${where} ${key}`, warn);
  const updates = incident.updates.map((u) => ({
    ...u,
    displayedAt: checkedTime(u.displayedAt, `${where} update ${u.vendorId} displayedAt`, warn),
    createdAt: checkedTime(u.createdAt, `${where} update ${u.vendorId} createdAt`, warn),
  }));
  checked.updates = keepNewest(updates, newestTimeOfUpdate, `${where} update`, warn);
  if (incident.postmortem !== null) {
    const publishedAt = checkedTime(incident.postmortem.publishedAt, `${where} postmortem`, warn);
    checked.postmortem = { ...incident.postmortem, publishedAt };
  }
  return checked;
}

function newestTimeOfUpdate(u: IncidentUpdate): EpochMs | null {
  return maxOf([u.displayedAt, u.createdAt]);
}

function newestTimeOfIncident(i: Incident): EpochMs | null {
  return maxOf([...INCIDENT_TIMES.map((k) => i[k]), ...i.updates.map(newestTimeOfUpdate)]);
}

function maxOf(times: readonly (EpochMs | null)[]): EpochMs | null {
  const known = times.filter((t) => t !== null);
  return known.length === 0 ? null : Math.max(...known);
}
