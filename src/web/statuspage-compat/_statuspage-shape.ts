import {
  impactWord,
  isPseudoComponent,
  startOf,
  type AffectedComponent,
  type ComponentStatus,
  type EpochMs,
  type StoredIncident,
} from '../../domain/index.ts';
import { iso } from '../api/_json.ts';
import type { DisplayStatus } from '../_badges.ts';
import { incidentHref } from '../_links.ts';
import type { ProviderRow } from '../_provider-rows.ts';

/**
 * statuswatch as one Atlassian Statuspage (public API v2): each watched provider is a
 * component, and its incidents are the page's incidents. Ids are `provider~vendorId`, unique
 * across providers. Bodies are plain text, as Statuspage's are.
 */
export const PAGE_ID = 'statuswatch';

export function pageJson(origin: string, rows: readonly ProviderRow[], now: number) {
  const checked = rows.map((r) => r.record.source.health.lastSuccessAt ?? 0);
  return {
    id: PAGE_ID,
    name: 'statuswatch',
    url: origin,
    time_zone: 'Etc/UTC',
    updated_at: iso(Math.max(0, ...checked) || now),
  };
}

/** Components in a stable order (by name): positions must not jump when statuses change. */
export function componentsJson(rows: readonly ProviderRow[], archive = false) {
  const sorted = [...rows].sort((a, b) =>
    a.record.provider.name.localeCompare(b.record.provider.name),
  );
  return sorted.map((row, index) => {
    const { provider, source } = row.record;
    return {
      id: provider.slug,
      name: provider.name,
      status: componentStatusOf(shownStatus(row, archive)),
      created_at: iso(provider.createdAt),
      updated_at: iso(source.health.lastChangeAt ?? provider.createdAt),
      position: index + 1,
      description: descriptionOf(row, shownStatus(row, archive)),
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: PAGE_ID,
      group: false,
      only_show_if_degraded: false,
    };
  });
}

export function incidentJsonV2(i: StoredIncident, origin: string) {
  const id = compositeId(i.providerSlug, i.vendorId);
  return {
    id,
    name: i.title,
    status: i.status,
    created_at: iso(i.createdAt ?? i.firstSeenAt),
    updated_at: iso(i.lastChangedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    // Statuspage clients expect one of its words; when the vendor gave none (feeds) it is
    // derived from component statuses, and `impact_derived` (not Statuspage's) says so.
    impact: impactWord(i).impact,
    impact_derived: impactWord(i).derived,
    shortlink: origin + incidentHref(i.providerSlug, i.vendorId),
    started_at: iso(i.startedAt ?? startOf(i)),
    page_id: PAGE_ID,
    ...(i.kind === 'maintenance'
      ? { scheduled_for: iso(i.scheduledFor), scheduled_until: iso(i.scheduledUntil) }
      : {}),
    incident_updates: [...i.updates].reverse().map((u) => ({
      id: u.vendorId,
      status: u.status,
      body: u.bodyText,
      incident_id: id,
      created_at: iso(u.createdAt ?? u.displayedAt),
      updated_at: iso(u.createdAt ?? u.displayedAt),
      display_at: iso(u.displayedAt ?? u.createdAt),
      // Statuspage sends null, never [], for an update that names no component (153 nulls and
      // no empty list in the 709 updates of the statuspage-v2 captures in test/fixtures).
      affected_components:
        u.affectedComponents.length === 0 ? null : u.affectedComponents.map(affectedJson),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: i.components
      .filter((c) => !isPseudoComponent(c.name))
      .map((c) => ({
        id: c.vendorId ?? c.name,
        name: c.name,
        status: lastKnownStatus(i, c) ?? 'operational',
        // Statuspage's full component object (github__incidents-2026-07-31.json). statuswatch
        // keeps no creation time or description of a vendor's component: null, not invented;
        // updated_at is the last update that named it. The flags take Statuspage's defaults.
        created_at: null,
        updated_at: iso(lastMentionAt(i, c)),
        position: 0,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: PAGE_ID,
        group: false,
        only_show_if_degraded: false,
        // Not Statuspage's: found in the incident's words at ingest, not listed by the vendor.
        ...(c.derived === true ? { derived: true } : {}),
      })),
    postmortem_body: i.postmortem?.bodyText ?? null,
    postmortem_published_at: iso(i.postmortem?.publishedAt ?? null),
  };
}

/** The aggregate indicator: the worst provider, in Statuspage's four words (plus maintenance). */
export function statusJson(rows: readonly ProviderRow[], archive = false) {
  const statuses = new Set(rows.map((r) => componentStatusOf(shownStatus(r, archive))));
  if (statuses.has('major_outage'))
    return { indicator: 'critical', description: 'Major Service Outage' };
  if (statuses.has('partial_outage'))
    return { indicator: 'major', description: 'Partial System Outage' };
  if (statuses.has('degraded_performance'))
    return { indicator: 'minor', description: 'Minor Service Outage' };
  if (statuses.has('under_maintenance'))
    return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  return { indicator: 'none', description: 'All Systems Operational' };
}

export function compositeId(slug: string, vendorId: string): string {
  return `${slug}~${vendorId}`;
}

/** `provider~vendorId` → its parts; null when there is no `~` (slugs never contain one). */
export function splitCompositeId(id: string): { slug: string; vendorId: string } | null {
  const at = id.indexOf('~');
  if (at <= 0 || at === id.length - 1) return null;
  return { slug: id.slice(0, at), vendorId: id.slice(at + 1) };
}

// --- internal ---

/**
 * `serve --no-poll` reads nothing, so "not checked" and "stale" say nothing there: an archive
 * reports the last status it stored (what `statuswatch list` shows), as of its newest data.
 */
function shownStatus(row: ProviderRow, archive: boolean): DisplayStatus {
  if (archive && (row.display === 'not_checked' || row.display === 'stale')) {
    return row.record.status;
  }
  return row.display;
}

/**
 * Statuspage has no word for "we cannot tell": a failing, stale or never-read source is shown
 * as degraded (never operational), and the description says why.
 */
function componentStatusOf(display: DisplayStatus): ComponentStatus {
  switch (display) {
    case 'operational':
    case 'under_maintenance':
    case 'degraded_performance':
    case 'partial_outage':
    case 'major_outage':
      return display;
    case 'unknown':
    case 'stale':
    case 'failing':
    case 'not_checked':
      return 'degraded_performance';
  }
}

function descriptionOf(row: ProviderRow, shown: DisplayStatus): string | null {
  const { health } = row.record.source;
  if (shown === 'failing' || health.consecutiveFailures > 0) {
    return `statuswatch cannot read this status page (${health.lastErrorKind ?? 'error'}); status unknown`;
  }
  if (shown === 'stale')
    return 'statuswatch has not read this status page recently; status unknown';
  if (shown === 'not_checked') return 'not checked yet';
  if (shown === 'unknown') return 'status unknown';
  return null;
}

function affectedJson(c: AffectedComponent) {
  return { code: c.vendorId, name: c.name, old_status: c.oldStatus, new_status: c.newStatus };
}

function lastMentionAt(i: StoredIncident, c: AffectedComponent): EpochMs | null {
  const key = c.vendorId ?? c.name;
  const u = i.updates.findLast((x) =>
    x.affectedComponents.some((a) => (a.vendorId ?? a.name) === key),
  );
  return u === undefined ? null : (u.displayedAt ?? u.createdAt);
}

function lastKnownStatus(i: StoredIncident, c: AffectedComponent): ComponentStatus | null {
  for (const u of [...i.updates].reverse()) {
    const hit = u.affectedComponents.find((a) => (a.vendorId ?? a.name) === (c.vendorId ?? c.name));
    if (hit?.newStatus != null) return hit.newStatus;
  }
  return null;
}
