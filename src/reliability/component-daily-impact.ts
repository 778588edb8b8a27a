import {
  IMPACT_OF_COMPONENT_STATUS,
  isPseudoComponent,
  type AffectedComponent,
  type ComponentStatus,
  type EpochMs,
  type IngestEvent,
  type StoredIncident,
} from '../domain/index.ts';
import { DAY_RANK, emptyDays, markDays, type DayImpact } from './daily-impact.ts';
import { impactSpan, type AnalysisMap } from './impact-span.ts';

/** A component as the bars name it: the vendor's id when there is one. */
export interface BarComponent {
  vendorId: string | null;
  name: string;
}

/** A component status change seen while polling (a stored `component_status_changed` event). */
export type ComponentChange = Pick<
  Extract<IngestEvent, { kind: 'component_status_changed' }>,
  'componentVendorId' | 'from' | 'to' | 'occurredAt' | 'detectedAt'
>;

export interface ComponentDays {
  component: BarComponent;
  days: DayImpact[];
}

export interface ComponentHistory {
  /**
   * The provider's listed components with their status now (null for formats without a list:
   * the components the incidents name are used).
   */
  components: readonly (BarComponent & { status: ComponentStatus })[] | null;
  incidents: readonly StoredIncident[];
  /** Component status changes seen while polling, oldest first. */
  changes: readonly ComponentChange[];
  analyses: AnalysisMap;
}

/**
 * The worst impact of each of the last `days` UTC days, per component. A day is hit when an
 * incident (not a maintenance, not a template) that names the component, vendor-given or
 * derived from its words, overlapped it: over its impact window where the vendor's words give
 * one, else its posted start and end. The impact is the worst status the incident gave the
 * component, read as Statuspage reads it; without one (feeds, derived components), the incident's
 * own impact. Component status changes we saw while polling mark the days the component spent
 * below operational, whether or not an incident said so, up to the newest data we hold
 * (`dataThrough`, not now: an archive's last capture says nothing of later days). Days before
 * `dataFrom` and after `dataThrough` are `no_data`; a set-aside incident counts only up to the
 * vendor's last word.
 */
export function componentDailyImpact(
  history: ComponentHistory,
  now: EpochMs,
  days: number,
  dataFrom: EpochMs | null,
  dataThrough: EpochMs = now,
): ComponentDays[] {
  const out = componentsOf(history).map((component) => ({
    component,
    days: emptyDays(now, days, dataFrom, dataThrough),
  }));
  // Nothing is known past the newest data: an open incident or a status seen then lasts to it.
  const until = Math.min(now, dataThrough);
  const byKey = new Map(out.map((c) => [keyOf(c.component), c.days]));
  // An update may name a component without its id: its name finds it then.
  const byName = new Map(out.map((c) => [nameKey(c.component.name), c.days]));
  for (const incident of history.incidents) {
    if (incident.isTemplate || incident.kind !== 'incident') continue;
    const span = impactSpan(incident, history.analyses);
    const start = span.start ?? incident.firstSeenAt;
    for (const [key, { name, impact }] of impactsByComponent(incident)) {
      const target = byKey.get(key) ?? byName.get(nameKey(name));
      if (target === undefined) continue;
      markDays(target, { start, end: span.end ?? until, now: until }, impact, 1);
    }
  }
  const windowStart = Math.max(out[0]?.days[0]?.day ?? now, dataFrom ?? now);
  const outages = outagesOf(history.changes, windowStart, until);
  for (const c of history.components ?? []) {
    const target = byKey.get(keyOf(c));
    const spans = outages.get(c.vendorId ?? '') ?? sinceBefore(c.status, until);
    for (const o of spans) {
      if (target !== undefined) markDays(target, { ...o, now: until }, o.impact, 0);
    }
  }
  return out;
}

// --- internal ---

function keyOf(c: BarComponent): string {
  return c.vendorId === null ? nameKey(c.name) : `id:${c.vendorId}`;
}

function nameKey(name: string): string {
  return `name:${name.trim().toLowerCase()}`;
}

/** The listed components, else every component the incidents name (first spelling kept). */
function componentsOf(history: ComponentHistory): BarComponent[] {
  if (history.components !== null) {
    return history.components
      .filter((c) => !isPseudoComponent(c.name))
      .map((c) => ({ vendorId: c.vendorId, name: c.name }));
  }
  const named = new Map<string, BarComponent>();
  for (const i of history.incidents) {
    for (const c of mentions(i)) {
      if (c.name.trim() === '' || isPseudoComponent(c.name)) continue;
      if (!named.has(keyOf(c))) named.set(keyOf(c), { vendorId: c.vendorId, name: c.name.trim() });
    }
  }
  return [...named.values()];
}

function mentions(incident: StoredIncident): AffectedComponent[] {
  return [...incident.components, ...incident.updates.flatMap((u) => u.affectedComponents)];
}

/** Each component an incident names, with the worst impact it gave that component. */
function impactsByComponent(
  incident: StoredIncident,
): Map<string, { name: string; impact: DayImpact['worst'] }> {
  const worst = new Map<string, { name: string; impact: DayImpact['worst'] }>();
  for (const c of mentions(incident)) {
    const key = keyOf(c);
    const fromStatus = c.newStatus === null ? 'none' : IMPACT_OF_COMPONENT_STATUS[c.newStatus];
    const held = worst.get(key)?.impact ?? 'none';
    worst.set(key, {
      name: c.name,
      impact: DAY_RANK[fromStatus] > DAY_RANK[held] ? fromStatus : held,
    });
  }
  // Named but never given a status below operational: the incident's own impact stands for it.
  for (const entry of worst.values()) {
    if (entry.impact === 'none') entry.impact = incident.impact ?? 'unknown';
  }
  return worst;
}

/** A status below operational with no change seen in the window: known at `until` only. */
function sinceBefore(status: ComponentStatus, until: EpochMs): Outage[] {
  const impact = IMPACT_OF_COMPONENT_STATUS[status];
  return impact === 'none' ? [] : [{ start: until, end: until, impact }];
}

interface Outage {
  start: EpochMs;
  end: EpochMs;
  impact: DayImpact['worst'];
}

/**
 * From each component's changes, the spans it spent below operational: from a change to a worse
 * status until the next change (or now). The status before its first change in the window is
 * that change's `from`, held since the window began.
 */
function outagesOf(
  changes: readonly ComponentChange[],
  windowStart: EpochMs,
  now: EpochMs,
): Map<string, Outage[]> {
  const byComponent = new Map<string, ComponentChange[]>();
  for (const c of changes) {
    const list = byComponent.get(c.componentVendorId) ?? [];
    list.push(c);
    byComponent.set(c.componentVendorId, list);
  }
  const out = new Map<string, Outage[]>();
  for (const [id, list] of byComponent) {
    const timed = list
      .map((c) => ({ at: c.occurredAt ?? c.detectedAt, from: c.from, to: c.to }))
      .sort((a, b) => a.at - b.at);
    const spans: Outage[] = [];
    let since = windowStart;
    let status = timed[0]?.from ?? null;
    for (const step of [...timed, { at: now, from: null, to: null }]) {
      const impact = status === null ? 'none' : IMPACT_OF_COMPONENT_STATUS[status];
      if (impact !== 'none') spans.push({ start: since, end: step.at, impact });
      since = step.at;
      status = step.to;
    }
    out.set(id, spans);
  }
  return out;
}
