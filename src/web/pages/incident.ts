import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  deriveComponents,
  endOf,
  isClosedStatus,
  incidentDuration,
  startOf,
  type Component,
  type IncidentAnalysis,
  type StoredIncident,
} from '../../domain/index.ts';
import { anomalyNotes } from '../_anomaly-notes.ts';
import { impactBlock } from '../_incident-impact.ts';
import {
  componentChips,
  latestUpdateCallout,
  postmortemHref,
  postmortemShownInTimeline,
  timeline,
  type TimelineOrder,
} from '../_incident-timeline.ts';
import { impactBadge, incidentStatusBadge, kindBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, notFound, parseQuery, sendResponse, timeContext } from '../_http.ts';
import { detectionText, summarySentence } from '../_incident-view.ts';
import { providerHref, safeHref, withQuery } from '../_links.ts';
import { absoluteTag, type TimeContext } from '../_time.ts';
import { vendorHtml } from '../_vendor-html.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

const params = z.object({ slug: z.string().min(1).max(100), id: z.string().min(1).max(500) });
const query = z.object({
  tz: z.string().optional(),
  order: z.enum(['newest', 'oldest']).catch('newest').default('newest'),
});

/** `/providers/:slug/incidents/:id`: one incident, everything we know, nothing negative. */
export function registerIncidentPage(app: FastifyInstance, deps: WebDeps): void {
  app.get('/providers/:slug/incidents/:id', async (request, reply) => {
    const { slug, id } = parseQuery(params, request.params);
    const { order } = parseQuery(query, request.query);
    const time = timeContext(request, deps.clock());
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const [record, incident, state, analyses] = await Promise.all([
        deps.store.getProvider(slug),
        deps.store.getIncident(slug, id),
        deps.store.loadProviderState(slug, []),
        deps.store.getIncidentAnalyses([{ providerSlug: slug, vendorId: id }]),
      ]);
      if (record === null) throw notFound(`no provider "${slug}"`);
      if (incident === null) throw notFound(`no incident "${id}" for provider "${slug}"`);
      const ctx = { time, path: request.url };
      const analysis = analyses.get(`${slug}\n${id}`) ?? null;
      const view = { order, known: state.components ?? [], analysis };
      return {
        body: incidentPage(incident, record.provider.name, ctx, view),
        contentType: HTML,
        tags: [slug],
      };
    });
    return sendResponse(reply, response);
  });
}

export interface IncidentView {
  order: TimelineOrder;
  /** The provider's components, to find the ones a feed incident names in its text. */
  known: readonly Component[];
  /** What the vendor's words say (stored at ingest); null when none was stored. */
  analysis?: IncidentAnalysis | null;
}

export function incidentPage(
  incident: StoredIncident,
  providerName: string,
  ctx: PageContext,
  view: IncidentView = { order: 'newest', known: [] },
) {
  const { time } = ctx;
  const base = ctx.path.split('?')[0] ?? ctx.path;
  const toggle = withQuery(base, { order: view.order === 'newest' ? 'oldest' : undefined });
  const vendorUrl = safeHref(incident.url) ?? safeHref(incident.shortlink);
  const live = isClosedStatus(incident.status) ? 'quiet' : 'open';
  const main = html`<article class="incident" id="live" data-live-refresh="${live}">
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
    ${latestUpdateCallout(incident, time)} ${facts(incident, time)}
    ${componentChips(incident, deriveComponents(incident, view.known))}
    ${anomalyNote(incident, time)}
    ${impactBlock(view.analysis ?? null, time, postmortemHref(incident))}
    ${timeline(incident, view.order, `${toggle}#timeline-title`, time)}
    ${postmortemShownInTimeline(incident) ? '' : postmortem(incident, time)}
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
      <dd>
        ${end === null ? (d.ongoing ? 'not yet' : 'not given by the vendor') : absoluteTag(end, time)}
      </dd>
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

function anomalyNote(incident: StoredIncident, time: TimeContext): SafeHtml {
  const notes = anomalyNotes(incident, time);
  if (notes.length === 0) return html``;
  return html`<aside class="note" aria-label="About the vendor's data">
    <p>Note on the vendor's data:</p>
    <ul>
      ${notes.map((n) => html`<li>${n}</li>`)}
    </ul>
  </aside>`;
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
