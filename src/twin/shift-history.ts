import type { EpochMs, Incident, IncidentUpdate } from '../domain/index.ts';
import type { HistoryIncident, VendorHistory } from './vendor-history.ts';

/**
 * The same history moved by `deltaMs` (whole minutes keep minute-level comparisons exact). A
 * real `serve` reads the twin on its own clock: an incident from 2022 replayed today would look
 * a week quiet and be set aside as stale, so a twin played to a live poller is moved next to now.
 */
export function shiftHistory(h: VendorHistory, deltaMs: number): VendorHistory {
  return {
    ...h,
    incidents: h.incidents.map((i) => shiftIncident(i, deltaMs)),
    changeTimes: h.changeTimes.map((t) => t + deltaMs),
  };
}

// --- internal ---

function shiftIncident(h: HistoryIncident, d: number): HistoryIncident {
  return {
    ...h,
    incident: shiftFacts(h.incident, d),
    updates: h.updates.map((t) => ({
      ...t,
      update: shiftUpdate(t.update, d),
      appearsAt: t.appearsAt + d,
    })),
    appearsAt: h.appearsAt + d,
  };
}

function shiftFacts(i: Incident, d: number): Incident {
  return {
    ...i,
    createdAt: plus(i.createdAt, d),
    startedAt: plus(i.startedAt, d),
    monitoringAt: plus(i.monitoringAt, d),
    resolvedAt: plus(i.resolvedAt, d),
    scheduledFor: plus(i.scheduledFor, d),
    scheduledUntil: plus(i.scheduledUntil, d),
    updates: i.updates.map((u) => shiftUpdate(u, d)),
    postmortem:
      i.postmortem === null
        ? null
        : { ...i.postmortem, publishedAt: plus(i.postmortem.publishedAt, d) },
  };
}

function shiftUpdate(u: IncidentUpdate, d: number): IncidentUpdate {
  return { ...u, displayedAt: plus(u.displayedAt, d), createdAt: plus(u.createdAt, d) };
}

function plus(t: EpochMs | null, d: number): EpochMs | null {
  return t === null ? null : t + d;
}
