import {
  worstComponentStatus,
  IMPACT_SEVERITY,
  isClosedStatus,
  type Component,
  type StoredIncident,
} from '../../domain/index.ts';
import type { PageConfig } from '../../config/index.ts';
import { isoInZone, isoInZoneOrNull } from '../../own-page/index.ts';

/**
 * The team's own page in Statuspage's *public* API v2 shapes, field for field as the real
 * captures write them (../shared/fixtures/vendors/statuspage-v2/: Box's incidents for the
 * postmortem update, Personio's summary for maintenances, GitHub's for components), every time
 * in the page's zone with its offset. Unlike the aggregate (_statuspage-shape.ts) ids are the
 * plain 12-character codes, since there is one page.
 */

export interface OwnPageView {
  page: PageConfig;
  components: readonly Component[];
  createdAt: number;
  /** The last authored write (the page's own `updated_at`). */
  updatedAt: number;
}

export function ownPageJson(view: OwnPageView) {
  const { page } = view;
  return {
    id: page.slug,
    name: page.name,
    url: page.url,
    time_zone: page.timeZone,
    updated_at: isoInZone(view.updatedAt, page.timeZone),
  };
}

/**
 * Components in the page's order; a group is an entry of its own before its members, with
 * `group: true` and the members' ids (Statuspage's group shape, as in the handmade
 * test/fixtures/handmade/statuspage-v2__summary-groups-maintenances.json; no real capture here
 * has groups), and the worst member status.
 */
export function ownComponentsJson(view: OwnPageView) {
  const out: Record<string, unknown>[] = [];
  const groupsDone = new Set<string>();
  for (const c of view.components) {
    const group = c.groupName;
    if (group !== null && !groupsDone.has(group)) {
      groupsDone.add(group);
      const members = view.components.filter((m) => m.groupName === group);
      const entry = { vendorId: groupId(group), name: group, groupName: null, position: 0 };
      out.push({
        ...componentJson(
          view,
          { ...entry, status: worstComponentStatus(members.map((m) => m.status)) },
          out.length + 1,
        ),
        group: true,
        components: members.map((m) => m.vendorId),
      });
    }
    out.push(componentJson(view, c, out.length + 1));
  }
  return out;
}

export function ownIncidentJson(view: OwnPageView, i: StoredIncident) {
  const zone = view.page.timeZone;
  const at = (ms: number | null) => isoInZoneOrNull(ms, zone);
  const created = i.createdAt ?? i.firstSeenAt;
  // The very entries of the page's component list, position included: GitHub's and Personio's
  // summaries repeat a component in an incident field for field.
  const listed = ownComponentsJson(view);
  const components = i.components.flatMap((a) =>
    listed.filter((c) => c.id === a.vendorId && c.group !== true),
  );
  return {
    id: i.vendorId,
    name: i.title,
    status: i.status,
    created_at: isoInZone(created, zone),
    updated_at: isoInZone(i.lastChangedAt, zone),
    monitoring_at: at(i.monitoringAt),
    resolved_at: at(i.resolvedAt),
    impact: i.impact ?? 'none',
    shortlink: i.shortlink ?? i.url,
    started_at: isoInZone(i.startedAt ?? created, zone),
    page_id: view.page.slug,
    incident_updates: [...i.updates].reverse().map((u) => ({
      id: u.vendorId,
      status: u.status,
      body: u.bodyText,
      incident_id: i.vendorId,
      created_at: at(u.createdAt),
      updated_at: at(u.createdAt),
      // A postmortem has no display time (Box: display_at null).
      display_at: at(u.displayedAt),
      // No component change: null, as GitHub's and Box's updates write it.
      affected_components:
        u.affectedComponents.length === 0
          ? null
          : u.affectedComponents.map((c) => ({
              code: c.vendorId,
              name: c.name,
              old_status: c.oldStatus,
              new_status: c.newStatus,
            })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components,
    // Incidents carry reminder_intervals (GitHub, Box, Personio); maintenances the window.
    ...(i.kind === 'maintenance'
      ? { scheduled_for: at(i.scheduledFor), scheduled_until: at(i.scheduledUntil) }
      : { reminder_intervals: null }),
  };
}

/** The page indicator: the worst of the open incidents' impacts and the component statuses. */
export function ownStatusJson(view: OwnPageView, open: readonly StoredIncident[]) {
  const fromComponents = { operational: 'none', under_maintenance: 'maintenance', degraded_performance: 'minor', partial_outage: 'major', major_outage: 'critical' } as const;
  const words = [
    ...view.components.map((c) => fromComponents[c.status]),
    ...open.filter((i) => i.kind === 'incident' && !isClosedStatus(i.status)).map((i) => i.impact ?? 'none'),
  ];
  const indicator = words.reduce<keyof typeof DESCRIPTIONS>((a, b) => (IMPACT_SEVERITY[b] > IMPACT_SEVERITY[a] ? b : a), 'none');
  return { indicator, description: DESCRIPTIONS[indicator] };
} // prettier-ignore

// --- internal ---

// GitHub's and Personio's summaries ("Minor Service Outage", "All Systems Operational").
const DESCRIPTIONS = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
} as const;

function componentJson(view: OwnPageView, c: Component, position: number) {
  const created = isoInZone(view.createdAt, view.page.timeZone);
  const description =
    view.page.components.find((p) => p.name === c.name && (p.group ?? null) === c.groupName)
      ?.description ?? null;
  return {
    id: c.vendorId,
    name: c.name,
    status: c.status,
    created_at: created,
    updated_at: created,
    position,
    description,
    showcase: false,
    start_date: null,
    group_id: c.groupName === null ? null : groupId(c.groupName),
    page_id: view.page.slug,
    group: false,
    only_show_if_degraded: false,
  };
}

function groupId(name: string): string {
  return `group-${(name.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-')}`;
}
