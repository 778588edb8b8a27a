import {
  UPDATE_STATUS_LABELS,
  type ComponentStatus,
  type IncidentUpdate,
  type StoredIncident,
} from '../../domain/index.ts';
import { vendorHtml } from '../_vendor-html.ts';
import { html, type SafeHtml } from '../html.ts';
import { shortStamp, spanStamp } from './_status-time.ts';
import { posted } from './own-incident.ts';

/** Statuspage's words for a component's status, each with its own mark (never colour alone). */
export const COMPONENT_WORDS: Record<ComponentStatus, { text: string; mark: string }> = {
  operational: { text: 'Operational', mark: '✓' },
  under_maintenance: { text: 'Under Maintenance', mark: '⚙' },
  degraded_performance: { text: 'Degraded Performance', mark: '▲' },
  partial_outage: { text: 'Partial Outage', mark: '◆' },
  major_outage: { text: 'Major Outage', mark: '✕' },
};

export function componentStatus(status: ComponentStatus): SafeHtml {
  const w = COMPONENT_WORDS[status];
  return html`<span class="sp-cstatus c-${status}"
    ><span aria-hidden="true">${w.mark}</span> ${w.text}</span
  >`;
}

/** When an incident began, as the store orders and bounds listings (started, else first seen). */
export function startOf(i: StoredIncident): number {
  return i.startedAt ?? i.firstSeenAt;
}

/** The impact as a word beside the title, so the colour of the box is not all that says it. */
export function impactTag(i: StoredIncident): SafeHtml {
  const word = i.kind === 'maintenance' ? 'Maintenance' : IMPACT_WORDS[i.impact ?? 'none'];
  return word === '' ? html`` : html` <span class="sp-tag">${word}</span>`;
}

/**
 * An open incident or maintenance as the home page shows it: its title (a link to the
 * report), the window of a maintenance, and every update newest first with "Posted … ago.
 * Jan 23, 2018 - 14:16 PST".
 */
export function openIncidentBox(i: StoredIncident, zone: string, now: number): SafeHtml {
  const id = `open-${i.vendorId}`;
  const window =
    i.kind === 'maintenance' && i.scheduledFor !== null
      ? html`<p class="sp-window">Scheduled for ${spanStamp(i.scheduledFor, i.scheduledUntil, zone)}</p>`
      : null;
  return html`<article class="sp-box impact-${impactClass(i)}" aria-labelledby="${id}">
    <h3 id="${id}"><a href="/status/incidents/${i.vendorId}">${i.title}</a>${impactTag(i)}</h3>
    ${window}
    <ol class="sp-updates">
      ${labelled(i.updates).map(({ u, label }) => html`<li>
        <strong>${label}</strong> - <div class="sp-body">${vendorHtml(u.bodyHtml)}</div>
        ${shownAt(u) === null ? null : html`<br /><small>${posted(shownAt(u) ?? 0, zone, now)}</small>`}
      </li>`)}
    </ol>
  </article>`;
} // prettier-ignore

/** A past incident under its day: title, then each update newest first, "Jan 23, 14:16 PST". */
export function pastIncident(i: StoredIncident, zone: string): SafeHtml {
  return html`<article class="sp-past impact-${impactClass(i)}">
    <h4><a href="/status/incidents/${i.vendorId}">${i.title}</a>${impactTag(i)}</h4>
    <ol class="sp-updates">
      ${labelled(i.updates).map(({ u, label }) => html`<li>
        <strong>${label}</strong> - <div class="sp-body">${vendorHtml(u.bodyHtml)}</div>
        ${shownAt(u) === null ? null : html`<br /><small>${shortStamp(shownAt(u) ?? 0, zone)}</small>`}
      </li>`)}
    </ol>
  </article>`;
} // prettier-ignore

export function impactClass(i: StoredIncident): string {
  return i.kind === 'maintenance' ? 'maintenance' : (i.impact ?? 'none');
}

/**
 * The updates newest first, each with its label; one repeating the previous status is
 * "Update", as Statuspage labels it (twin feeds and the own page's feeds alike). A postmortem
 * is the report's, not the list's.
 */
export function labelled(updates: readonly IncidentUpdate[]): { u: IncidentUpdate; label: string }[] {
  let previous: string | null = null;
  const out = updates
    .filter((u) => u.status !== 'postmortem')
    .map((u) => {
      const label = u.status === previous ? 'Update' : UPDATE_STATUS_LABELS[u.status];
      previous = u.status;
      return { u, label };
    });
  return out.reverse();
} // prettier-ignore

export function shownAt(u: IncidentUpdate): number | null {
  return u.displayedAt ?? u.createdAt;
}

// --- internal ---

const IMPACT_WORDS: Record<NonNullable<StoredIncident['impact']>, string> = {
  none: '',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  maintenance: 'Maintenance',
};
