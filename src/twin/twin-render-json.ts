import { createHash } from 'node:crypto';
import type { AffectedComponent, Component, EpochMs } from '../domain/index.ts';
import {
  incidentAt,
  isActiveMaintenance,
  isOpenIncident,
  isUpcomingMaintenance,
  shownAt,
  type IncidentAt,
} from './incident-at.ts';
import type { TimedUpdate, VendorHistory } from './vendor-history.ts';

/**
 * Statuspage API v2 payloads at time t, pure. Field order and shapes follow the real captures
 * in ../shared/fixtures/vendors/statuspage-v2 (named at each shape). Values the union cannot
 * know are marked "invented variation" with the reason.
 */

/** summary.json: shape of github__summary.json (page, components, incidents, scheduled_maintenances, status). */
export function renderSummary(h: VendorHistory, t: EpochMs): string {
  const views = viewsAt(h, t);
  const open = views.filter(isOpenIncident);
  const maintenances = views.filter((v) => isUpcomingMaintenance(v) || isActiveMaintenance(v));
  return JSON.stringify({
    page: pageOf(h, t),
    components: componentsAt(h, open),
    incidents: open.map((v) => incidentJson(h, v)),
    scheduled_maintenances: maintenances.map((v) => incidentJson(h, v)),
    status: statusOf(open),
  });
}

/** incidents.json: the 50 most recent incidents (github__incidents-2026-07-31.json holds 50, no maintenance). */
export function renderIncidents(h: VendorHistory, t: EpochMs): string {
  const list = viewsAt(h, t).filter((v) => v.history.incident.kind === 'incident');
  return JSON.stringify({
    page: pageOf(h, t),
    incidents: list.slice(0, 50).map((v) => incidentJson(h, v)),
  });
}

export function renderUnresolved(h: VendorHistory, t: EpochMs): string {
  const list = viewsAt(h, t).filter(isOpenIncident);
  return JSON.stringify({ page: pageOf(h, t), incidents: list.map((v) => incidentJson(h, v)) });
}

/** incidents/<code>.json: `{ page, incident }` (github__incident-gqx5l06jjxhp.json); null = 404. */
export function renderSingle(h: VendorHistory, t: EpochMs, code: string): string | null {
  const found = h.incidents.find((i) => i.incident.vendorId === code);
  const view = found === undefined ? null : incidentAt(found, t);
  return view === null
    ? null
    : JSON.stringify({ page: pageOf(h, t), incident: incidentJson(h, view) });
}

export type MaintenanceList = 'all' | 'upcoming' | 'active';

/** scheduled-maintenances[/upcoming|/active].json: `{ page, scheduled_maintenances }`. */
export function renderMaintenances(h: VendorHistory, t: EpochMs, which: MaintenanceList): string {
  const wanted =
    which === 'upcoming'
      ? isUpcomingMaintenance
      : which === 'active'
        ? isActiveMaintenance
        : () => true;
  const list = viewsAt(h, t).filter((v) => v.history.incident.kind === 'maintenance' && wanted(v));
  return JSON.stringify({
    page: pageOf(h, t),
    scheduled_maintenances: list.slice(0, 50).map((v) => incidentJson(h, v)),
  });
}

/** Newest first, as the vendor lists them; only what is public at t. */
export function viewsAt(h: VendorHistory, t: EpochMs): IncidentAt[] {
  return h.incidents.flatMap((i) => {
    const v = incidentAt(i, t);
    return v === null ? [] : [v];
  });
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A 12-character lowercase code like Statuspage's own ids, stable for the same input. */
export function codeOf(seed: string): string {
  const digest = createHash('sha1').update(seed).digest();
  let out = '';
  for (let i = 0; i < 12; i += 1) out += ALPHABET.charAt((digest[i] ?? 0) % 36);
  return out;
}

export function iso(at: EpochMs | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

// --- internal ---

function pageOf(h: VendorHistory, t: EpochMs) {
  // invented variation: captures of a feed show no page id nor time zone; a code derived from
  // the page URL and UTC (what GitHub's page states, github__summary.json) stand in.
  return {
    id: codeOf(h.page.url),
    name: h.page.name,
    url: h.page.url,
    time_zone: 'Etc/UTC',
    updated_at: iso(lastChangeAt(h, t)),
  };
}

function lastChangeAt(h: VendorHistory, t: EpochMs): EpochMs {
  let lo = 0;
  let hi = h.changeTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((h.changeTimes[mid] ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return h.changeTimes[lo - 1] ?? h.changeTimes[0] ?? 0;
}

/** Incident object: key order of github__summary.json `incidents[0]`. */
function incidentJson(h: VendorHistory, v: IncidentAt) {
  const i = v.history.incident;
  const pageId = codeOf(h.page.url);
  const maintenance = i.kind === 'maintenance';
  return {
    id: i.vendorId,
    name: i.title,
    status: v.status,
    created_at: iso(i.createdAt ?? v.history.appearsAt),
    updated_at: iso(v.updatedAt),
    monitoring_at: iso(v.monitoringAt),
    resolved_at: iso(v.resolvedAt),
    // invented variation: a feed names no impact; "none" is the value Statuspage gives an
    // incident posted without one (3 of 50 in github__incidents-2026-07-31.json).
    impact: maintenance ? 'maintenance' : v.history.fromJson ? (i.impact ?? 'none') : 'none',
    // invented variation: a feed carries no shortlink; omitted values are null in no capture,
    // so a stspg.io-like link derived from the code stands in.
    shortlink: i.shortlink ?? `https://stspg.io/${codeOf(i.vendorId)}`,
    started_at: iso(i.startedAt ?? i.createdAt ?? v.history.appearsAt),
    page_id: pageId,
    incident_updates: [...v.updates].reverse().map((u) => updateJson(i.vendorId, u)),
    components: i.components.map((c) => componentOfIncident(pageId, c)),
    ...(maintenance
      ? { scheduled_for: iso(i.scheduledFor), scheduled_until: iso(i.scheduledUntil) }
      : {}),
  };
}

/** Update object: key order of github__summary.json `incident_updates[0]`. */
function updateJson(incidentId: string, t: TimedUpdate) {
  const u = t.update;
  return {
    // invented variation: feeds give updates no id; a code derived from the feed's own
    // (incident, minute, label) key stands in, stable across runs.
    id: t.fromJson ? u.vendorId : codeOf(u.vendorId),
    status: u.status,
    // The JSON body is plain text with newlines (github__summary.json); a feed's HTML is not.
    body: u.bodyText,
    incident_id: incidentId,
    created_at: iso(u.createdAt ?? t.appearsAt),
    updated_at: iso(u.createdAt ?? t.appearsAt),
    // A postmortem has display_at null in box__incidents-2024-01-31-first3.json; kept as read.
    display_at: t.fromJson ? iso(u.displayedAt) : iso(shownAt(t)),
    affected_components: u.affectedComponents.map((c) => ({
      code: c.vendorId,
      name: c.name,
      old_status: c.oldStatus,
      new_status: c.newStatus,
    })),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function componentOfIncident(pageId: string, c: AffectedComponent) {
  return componentJson(pageId, {
    vendorId: c.vendorId ?? codeOf(c.name),
    name: c.name,
    groupName: null,
    status: c.newStatus ?? 'operational',
    position: 0,
  });
}

/**
 * Component object: key order of github__summary-2026-07-31.json `components[0]`. The model
 * keeps no created_at, description or showcase flag (invented variation: null/false).
 */
function componentJson(pageId: string, c: Component) {
  return {
    id: c.vendorId,
    name: c.name,
    status: c.status,
    created_at: null,
    updated_at: null,
    position: c.position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

/** Components as of t: each open incident's latest update says its components' status. */
function componentsAt(h: VendorHistory, open: readonly IncidentAt[]) {
  const pageId = codeOf(h.page.url);
  const now = new Map<string, Component['status']>();
  for (const v of [...open].reverse()) {
    for (const c of v.updates.at(-1)?.update.affectedComponents ?? []) {
      if (c.vendorId !== null && c.newStatus !== null) now.set(c.vendorId, c.newStatus);
    }
  }
  return h.components.map((c) =>
    componentJson(pageId, { ...c, status: now.get(c.vendorId) ?? 'operational' }),
  );
}

/**
 * status: `{ indicator, description }` as github__summary.json; worst open impact.
 * invented variation: an open incident of a feed (no impact, no components) counts as "minor",
 * so that the page never says "All Systems Operational" while it lists an open incident.
 */
function statusOf(open: readonly IncidentAt[]) {
  const rank = ['none', 'minor', 'major', 'critical'];
  let worst = 0;
  for (const v of open) worst = Math.max(worst, rank.indexOf(v.history.incident.impact ?? 'minor'));
  if (open.length > 0) worst = Math.max(worst, 1);
  const description = [
    'All Systems Operational',
    'Minor Service Outage',
    'Partial System Outage',
    'Major Service Outage',
  ];
  return {
    indicator: rank[worst] ?? 'none',
    description: description[worst] ?? 'All Systems Operational',
  };
}
