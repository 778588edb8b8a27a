import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  endOf,
  incidentAnomalies,
  incidentDuration,
  startOf,
  type IncidentUpdate,
  type StoredIncident,
} from '../../domain/index.ts';
import { impactBadge, incidentStatusBadge, kindBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, notFound, parseQuery, sendResponse, timeContext } from '../_http.ts';
import { affectedComponentNames, detectionText, summarySentence } from '../_incident-view.ts';
import { providerHref, safeHref } from '../_links.ts';
import { absoluteTag, type TimeContext } from '../_time.ts';
import { vendorHtml } from '../_vendor-html.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

const params = z.object({ slug: z.string().min(1).max(100), id: z.string().min(1).max(500) });
const query = z.object({ tz: z.string().optional() });

/** `/providers/:slug/incidents/:id`: one incident, everything we know, nothing negative. */
export function registerIncidentPage(app: FastifyInstance, deps: WebDeps): void {
  app.get('/providers/:slug/incidents/:id', async (request, reply) => {
    const { slug, id } = parseQuery(params, request.params);
    parseQuery(query, request.query);
    const time = timeContext(request, deps.clock());
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const [record, incident] = await Promise.all([
        deps.store.getProvider(slug),
        deps.store.getIncident(slug, id),
      ]);
      if (record === null) throw notFound(`no provider "${slug}"`);
      if (incident === null) throw notFound(`no incident "${id}" for provider "${slug}"`);
      const ctx = { time, path: request.url };
      return {
        body: incidentPage(incident, record.provider.name, ctx),
        contentType: HTML,
        tags: [slug],
      };
    });
    return sendResponse(reply, response);
  });
}

export function incidentPage(incident: StoredIncident, providerName: string, ctx: PageContext) {
  const { time } = ctx;
  const vendorUrl = safeHref(incident.url) ?? safeHref(incident.shortlink);
  const main = html`<article class="incident">
    <p class="eyebrow">
      ${providerName} ${incident.kind === 'maintenance' ? 'maintenance' : 'incident'}
    </p>
    <h1>${incident.title}</h1>
    <p class="badges">
      ${kindBadge(incident.kind)}
      ${incident.kind === 'incident' ? impactBadge(incident.impact) : ''}
      ${incidentStatusBadge(incident.status)}
      ${vendorUrl === null ? '' : html`<a href="${vendorUrl}" rel="noopener noreferrer">View vendor source →</a>`}
    </p>
    <p class="summary">${summarySentence(incident, providerName, time.tz, time.now)}</p>
    ${anomalyNote(incident)} ${facts(incident, time)} ${componentsSection(incident)}
    ${timeline(incident.updates, time)} ${postmortem(incident, time)}
  </article>`;
  return layout({
    title: incident.title,
    ctx,
    main,
    crumbs: [
      { href: '/', label: 'Dashboard' },
      { href: providerHref(incident.providerSlug), label: providerName },
    ],
  });
}

// --- internal ---

function facts(incident: StoredIncident, time: TimeContext): SafeHtml {
  const d = incidentDuration(incident, time.now);
  const end = endOf(incident);
  const scheduled = incident.kind === 'maintenance' && incident.scheduledFor !== null;
  return html`<dl class="facts">
    ${
      scheduled
        ? html`<div>
            <dt>Scheduled</dt>
            <dd>
              ${absoluteTag(incident.scheduledFor, time)} to
              ${absoluteTag(incident.scheduledUntil, time)}
            </dd>
          </div>`
        : ''
    }
    <div>
      <dt>Started</dt>
      <dd>${absoluteTag(startOf(incident), time)}</dd>
    </div>
    <div>
      <dt>${incident.kind === 'maintenance' ? 'Completed' : 'Resolved'}</dt>
      <dd>${end === null ? (d.ongoing ? 'not yet' : 'no time given') : absoluteTag(end, time)}</dd>
    </div>
    <div>
      <dt>Duration</dt>
      <dd>${durationCell(d)}</dd>
    </div>
    <div>
      <dt>First seen by statuswatch</dt>
      <dd>
        ${absoluteTag(incident.firstSeenAt, time)}
        <span class="quiet">(${detectionText(incident)})</span>
      </dd>
    </div>
  </dl>`;
}

function durationCell(d: ReturnType<typeof incidentDuration>): SafeHtml {
  if (d.text !== null) return html`${d.text}${d.ongoing ? ' so far' : ''}`;
  return html`<span class="quiet">unknown (see the note above)</span>`;
}

function anomalyNote(incident: StoredIncident): SafeHtml {
  const anomalies = incidentAnomalies(incident);
  if (anomalies.length === 0) return html``;
  return html`<aside class="note" aria-label="About the vendor's data">
    <p>Note on the vendor's data:</p>
    <ul>
      ${anomalies.map((a) => html`<li>${a.reason}</li>`)}
    </ul>
  </aside>`;
}

function componentsSection(incident: StoredIncident): SafeHtml {
  const names = affectedComponentNames(incident);
  return html`<section aria-labelledby="components-title">
    <h2 id="components-title">Affected components (${names.length})</h2>
    ${
      names.length === 0
        ? html`<p class="quiet">The vendor named no components.</p>`
        : html`<ul class="affected">
            ${names.map((n) => html`<li>${n}</li>`)}
          </ul>`
    }
  </section>`;
}

function timeline(updates: readonly IncidentUpdate[], time: TimeContext): SafeHtml {
  const count = `${updates.length} ${updates.length === 1 ? 'update' : 'updates'}`;
  return html`<section aria-labelledby="timeline-title">
    <h2 id="timeline-title">Update timeline (${count})</h2>
    <ol class="timeline">
      ${updates.map(
        (u) =>
          html`<li class="update">
            <p class="update-head">
              ${incidentStatusBadge(u.status)}
              ${u.label === null ? '' : html`<span class="label">“${u.label}”</span>`}
              ${absoluteTag(u.displayedAt ?? u.createdAt, time)}
            </p>
            <div class="body">
              ${u.bodyHtml === '' ? html`<p class="quiet">(no text)</p>` : vendorHtml(u.bodyHtml)}
            </div>
            ${componentChanges(u)}
          </li>`,
      )}
    </ol>
  </section>`;
}

function componentChanges(update: IncidentUpdate): SafeHtml {
  // Vendors repeat every component on every update; only real changes are worth a line.
  const changed = update.affectedComponents.filter(
    (c) => c.newStatus !== null && c.newStatus !== c.oldStatus,
  );
  if (changed.length === 0) return html``;
  const word = (s: string | null) => (s === null ? '?' : s.replace(/_/g, ' '));
  return html`<p class="quiet">
    Components:
    ${changed
      .map(
        (c) =>
          `${c.name} (${c.oldStatus === null ? '' : `${word(c.oldStatus)} → `}${word(c.newStatus)})`,
      )
      .join(', ')}
  </p>`;
}

function postmortem(incident: StoredIncident, time: TimeContext): SafeHtml {
  const pm = incident.postmortem;
  if (pm === null) return html``;
  return html`<section aria-labelledby="postmortem-title">
    <h2 id="postmortem-title">Postmortem</h2>
    <p class="quiet">Published ${absoluteTag(pm.publishedAt, time)}</p>
    <div class="body">${vendorHtml(pm.bodyHtml)}</div>
  </section>`;
}
