import { incidentDuration, type StoredIncident } from '../domain/index.ts';
import { impactBadge, incidentStatusBadge, kindBadge } from './_badges.ts';
import { incidentHref, providerHref } from './_links.ts';
import { absoluteTag, type TimeContext } from './_time.ts';
import { html, type SafeHtml } from './html.ts';

export interface IncidentListOptions {
  /** Provider names by slug: given, each item names its provider (cross-provider lists). */
  providerNames?: ReadonlyMap<string, string>;
}

/** A list of incidents: title, badges, start and duration. Used by every listing page. */
export function incidentList(
  incidents: readonly StoredIncident[],
  time: TimeContext,
  emptyText: string,
  options: IncidentListOptions = {},
): SafeHtml {
  if (incidents.length === 0) return html`<p class="quiet">${emptyText}</p>`;
  return html`<ul class="incident-list">
    ${incidents.map((i) => incidentItem(i, time, options))}
  </ul>`;
}

/**
 * The date a listing shows first: the one the store sorts and filters on (the vendor's start,
 * else when we first saw it), so the order on screen is the order of the dates on screen.
 */
export function listedDate(i: StoredIncident): { label: string; at: number } {
  return i.startedAt !== null
    ? { label: 'started', at: i.startedAt }
    : { label: 'first seen', at: i.firstSeenAt };
}

export function durationText(incident: StoredIncident, now: number): string {
  const d = incidentDuration(incident, now);
  if (d.text === null) return d.ongoing ? 'ongoing' : 'duration unknown';
  return d.ongoing ? `${d.text} so far` : d.text;
}

// --- internal ---

function incidentItem(i: StoredIncident, time: TimeContext, options: IncidentListOptions) {
  const providerName = options.providerNames?.get(i.providerSlug);
  const listed = listedDate(i);
  return html`<li>
    <a class="incident-title" href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a>
    <div class="meta">
      ${
        providerName === undefined
          ? ''
          : html`<a class="provider" href="${providerHref(i.providerSlug)}">${providerName}</a>`
      }
      ${kindBadge(i.kind)} ${i.kind === 'incident' ? impactBadge(i.impact) : ''}
      ${incidentStatusBadge(i.status)}
      <span>${listed.label} ${absoluteTag(listed.at, time)}</span>
      ${
        i.kind === 'maintenance' && i.scheduledFor !== null && i.scheduledFor !== listed.at
          ? html`<span>· scheduled for ${absoluteTag(i.scheduledFor, time)}</span>`
          : ''
      }
      <span>· ${durationText(i, time.now)}</span>
      <span>· ${i.updates.length} ${i.updates.length === 1 ? 'update' : 'updates'}</span>
    </div>
  </li>`;
}
