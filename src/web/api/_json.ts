import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  incidentAnomalies,
  summarizeIncident,
  type IncidentAnalysis,
  type AffectedComponent,
  type Component,
  type EpochMs,
  type StoredEvent,
  type StoredIncident,
} from '../../domain/index.ts';
import type { WebDeps } from '../_deps.ts';
import { JSON_TYPE, sendResponse } from '../_http.ts';
import type { ProviderRow } from '../_provider-rows.ts';
import type { EventJson, EventWire } from './schemas/events.ts';
import type { IncidentJson } from './schemas/incidents.ts';
import type { ComponentJson, ProviderJson, SourceHealthJson } from './schemas/providers.ts';

/** A JSON answer through the page cache, keyed by URL, dropped when its providers change. */
export async function cachedJson(
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  tags: readonly string[],
  produce: () => Promise<unknown>,
): Promise<FastifyReply> {
  const response = await deps.cache.get(`json|${request.url}`, async () => ({
    body: JSON.stringify(await produce()),
    contentType: JSON_TYPE,
    tags,
  }));
  return sendResponse(reply, response);
}

export function iso(ms: EpochMs): string;
export function iso(ms: EpochMs | null): string | null;
export function iso(ms: EpochMs | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function providerJson(row: ProviderRow): ProviderJson {
  const { provider, source } = row.record;
  return {
    slug: provider.slug,
    name: provider.name,
    page_url: provider.pageUrl,
    source_url: provider.sourceUrl,
    format: provider.format,
    status: row.display,
    stored_status: row.record.status,
    open_incidents: row.openIncidents.length,
    maintenance_in_progress: row.maintenanceInProgress.length,
    upcoming_maintenance: row.upcomingMaintenance.length,
    last_checked_at: iso(source.health.lastSuccessAt),
  };
}

export function healthJson(row: ProviderRow): SourceHealthJson {
  const { health, nextPollAt } = row.record.source;
  return {
    provider: row.record.provider.slug,
    status: row.display,
    ok: health.consecutiveFailures === 0 && row.display !== 'stale',
    stale: row.display === 'stale',
    consecutive_failures: health.consecutiveFailures,
    last_success_at: iso(health.lastSuccessAt),
    last_error_at: iso(health.lastErrorAt),
    last_error_kind: health.lastErrorKind,
    last_error_message: health.lastErrorMessage,
    last_change_at: iso(health.lastChangeAt),
    next_poll_at: iso(nextPollAt),
  };
}

export function componentJson(c: Component): ComponentJson {
  return {
    id: c.vendorId,
    name: c.name,
    group: c.groupName,
    status: c.status,
    position: c.position,
  };
}

/**
 * Schema v1 summary plus everything the incident page shows; `analysis` is what the vendor's
 * own words say (impact window, posting lag), when the incident has been analysed.
 */
export function incidentJson(
  i: StoredIncident,
  analysis: IncidentAnalysis | null = null,
): IncidentJson {
  return {
    ...summarizeIncident(i, analysis),
    created_at: iso(i.createdAt),
    monitoring_at: iso(i.monitoringAt),
    scheduled_for: iso(i.scheduledFor),
    scheduled_until: iso(i.scheduledUntil),
    shortlink: i.shortlink,
    components: i.components.map((c) => ({ ...affectedJson(c), derived: c.derived === true })),
    updates: i.updates.map((u) => ({
      id: u.vendorId,
      status: u.status,
      label: u.label,
      body_html: u.bodyHtml,
      body_text: u.bodyText,
      displayed_at: iso(u.displayedAt),
      created_at: iso(u.createdAt),
      affected_components: u.affectedComponents.map(affectedJson),
    })),
    postmortem:
      i.postmortem === null
        ? null
        : {
            body_html: i.postmortem.bodyHtml,
            body_text: i.postmortem.bodyText,
            published_at: iso(i.postmortem.publishedAt),
          },
    previous_titles: i.previousTitles,
    anomalies: incidentAnomalies(i),
  };
}

/**
 * Events keep their fields, renamed to snake_case, with times as ISO strings; `EventWire` is
 * that renaming as a type, and the event schema is checked against it.
 */
export function eventJson(e: StoredEvent): EventJson {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    const name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[name] = name.endsWith('_at') && typeof value === 'number' ? iso(value) : value;
  }
  return out as EventWire;
}

function affectedJson(c: AffectedComponent) {
  return { id: c.vendorId, name: c.name, old_status: c.oldStatus, new_status: c.newStatus };
}
