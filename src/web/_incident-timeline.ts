import {
  COMPONENT_STATUSES,
  type AffectedComponent,
  type ComponentStatus,
  type DerivedComponent,
  type EpochMs,
  type IncidentUpdate,
  type StoredIncident,
} from '../domain/index.ts';
import { incidentStatusBadge, statusBadge } from './_badges.ts';
import { absoluteTag, relativeTag, type TimeContext } from './_time.ts';
import { vendorHtml } from './_vendor-html.ts';
import { html, type SafeHtml } from './html.ts';

export type TimelineOrder = 'newest' | 'oldest';

/** The id an update's anchor has: stable across renders, safe in a URL fragment. */
export function updateAnchor(update: IncidentUpdate): string {
  return `update-${update.vendorId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * "Latest update · 6 minutes ago" on top of the page, with its whole text; a postmortem gets
 * an excerpt and a link instead, as its full text (Jira's runs to 2.8 KB) is in the timeline.
 */
export function latestUpdateCallout(incident: StoredIncident, time: TimeContext): SafeHtml {
  const latest = incident.updates.at(-1);
  if (latest === undefined) return html``;
  const at = latest.displayedAt ?? latest.createdAt;
  if (latest.status === 'postmortem') return postmortemCallout(latest, at, time);
  return html`<section class="callout" aria-labelledby="latest-title">
    <h2 id="latest-title">Latest update · ${relativeTag(at, time)}</h2>
    <p class="update-head">
      ${incidentStatusBadge(latest.status)} ${absoluteTag(at, time)}
      <a href="#${updateAnchor(latest)}">In the timeline</a>
    </p>
    <div class="body">${updateBody(latest)}</div>
  </section>`;
}

/**
 * The vendor's updates, newest first unless asked otherwise, each with an anchor, its relative
 * and absolute time, and the component changes it announced. A postmortem posted as an update
 * stays in its place here and is not repeated below (see `postmortemShownInTimeline`).
 */
export function timeline(
  incident: StoredIncident,
  order: TimelineOrder,
  toggleHref: string,
  time: TimeContext,
): SafeHtml {
  const { updates } = incident;
  const count = `${updates.length} ${updates.length === 1 ? 'update' : 'updates'}`;
  const shown = order === 'newest' ? [...updates].reverse() : updates;
  const other = order === 'newest' ? 'oldest' : 'newest';
  return html`<section aria-labelledby="timeline-title">
    <h2 id="timeline-title">Update timeline (${count}, ${order} first)</h2>
    <p><a href="${toggleHref}" class="toggle">Show ${other} first</a></p>
    <ol class="timeline" ${order === 'newest' ? html`reversed` : ''}>
      ${shown.map((u) => updateItem(u, time))}
    </ol>
  </section>`;
}

export function postmortemShownInTimeline(incident: StoredIncident): boolean {
  return incident.updates.some((u) => u.status === 'postmortem');
}

/** Where the page shows the postmortem's text, once: its update in the timeline, else its section. */
export function postmortemHref(incident: StoredIncident): string | null {
  const posted = incident.updates.filter((u) => u.status === 'postmortem').at(-1);
  if (posted !== undefined) return `#${updateAnchor(posted)}`;
  return incident.postmortem === null ? null : '#postmortem-title';
}

/** Each component the incident names: its latest and worst status over the incident. */
export function componentChips(
  incident: StoredIncident,
  derived: readonly DerivedComponent[],
): SafeHtml {
  const named = componentStates(incident);
  const total = named.length + derived.length;
  return html`<section aria-labelledby="components-title">
    <h2 id="components-title">Affected components (${total})</h2>
    ${total === 0 ? html`<p class="quiet">The vendor named no components.</p>` : ''}
    <ul class="chips">
      ${named.map(
        (c) =>
          html`<li class="chip">
            <span class="chip-name">${c.name}</span>
            ${c.current === null ? html`<span class="quiet">status not given</span>` : statusBadge(c.current)}
            ${c.worst !== null && c.worst !== c.current ? html`<span class="quiet">worst: ${word(c.worst)}</span>` : ''}
          </li>`,
      )}
      ${derived.map(
        (c) =>
          html`<li class="chip">
            <span class="chip-name">${c.name}</span>
            <span class="quiet">named in the text (not listed by the vendor)</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

// --- internal ---

const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

interface ComponentState {
  name: string;
  current: ComponentStatus | null;
  worst: ComponentStatus | null;
}

function componentStates(incident: StoredIncident): ComponentState[] {
  const states = new Map<string, ComponentState>();
  // Derived components are shown apart, as named in the text (see `componentChips`).
  const mentions: AffectedComponent[] = [
    ...incident.components.filter((c) => c.derived !== true),
    ...incident.updates.flatMap((u) => u.affectedComponents),
  ];
  for (const c of mentions) {
    if (c.name.trim() === '') continue;
    const key = c.vendorId ?? `name:${c.name.trim().toLowerCase()}`;
    const state = states.get(key) ?? { name: c.name.trim(), current: null, worst: null };
    if (c.newStatus !== null && COMPONENT_STATUSES.includes(c.newStatus)) {
      state.current = c.newStatus;
      if (state.worst === null || SEVERITY[c.newStatus] > SEVERITY[state.worst]) {
        state.worst = c.newStatus;
      }
    }
    states.set(key, state);
  }
  return [...states.values()];
}

function updateItem(u: IncidentUpdate, time: TimeContext): SafeHtml {
  const at = u.displayedAt ?? u.createdAt;
  const anchor = updateAnchor(u);
  return html`<li class="update" id="${anchor}">
    <p class="update-head">
      ${incidentStatusBadge(u.status)}
      ${u.label === null ? '' : html`<span class="label">“${u.label}”</span>`}
      ${relativeTag(at, time)} · ${absoluteTag(at, time)}
      <a class="anchor" href="#${anchor}" aria-label="Link to this update">#</a>
    </p>
    <div class="body">${updateBody(u)}</div>
    ${componentChanges(u)}
  </li>`;
}

function postmortemCallout(
  update: IncidentUpdate,
  at: EpochMs | null,
  time: TimeContext,
): SafeHtml {
  const excerpt = excerptOf(update.bodyText);
  return html`<section class="callout" aria-labelledby="latest-title">
    <h2 id="latest-title">Postmortem published · ${relativeTag(at, time)}</h2>
    <p class="update-head">
      ${incidentStatusBadge(update.status)} ${absoluteTag(at, time)}
      <a href="#${updateAnchor(update)}">Read the postmortem</a>
    </p>
    ${excerpt === '' ? '' : html`<p class="excerpt">${excerpt}</p>`}
  </section>`;
}

const EXCERPT_CHARS = 240;

/** The text's opening words, cut at a word boundary; Markdown was rendered away at ingest. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…`;
}

function updateBody(u: IncidentUpdate): SafeHtml {
  return u.bodyHtml === '' ? html`<p class="quiet">(no text)</p>` : vendorHtml(u.bodyHtml);
}

/** Vendors repeat every component on every update; only real changes get a line. */
function componentChanges(update: IncidentUpdate): SafeHtml {
  const changed = update.affectedComponents.filter(
    (c) => c.newStatus !== null && c.newStatus !== c.oldStatus,
  );
  if (changed.length === 0) return html``;
  return html`<ul class="changes" aria-label="Component changes">
    ${changed.map(
      (c) =>
        html`<li>
          ${c.name}: ${c.oldStatus === null ? '' : `${word(c.oldStatus)} → `}${word(c.newStatus)}
        </li>`,
    )}
  </ul>`;
}

function word(status: string | null): string {
  return status === null ? '?' : status.replace(/_/g, ' ');
}
