import type { FastifyInstance } from 'fastify';
import type { PageConfig } from '../../config/index.ts';
import {
  UPDATE_STATUS_LABELS,
  zonedParts,
  type Component,
  type IncidentUpdate,
  type StoredIncident,
} from '../../domain/index.ts';
import { isCode } from '../../own-page/index.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, notFound, sendResponse } from '../_http.ts';
import { vendorHtml } from '../_vendor-html.ts';
import { html, type SafeHtml } from '../html.ts';
import { loadOwnPage } from '../statuspage-compat/own-page.ts';

/**
 * `/status/incidents/<code>`: the own page's incident report in the layout of the seeds (seed
 * 001, xMatters): the title, "Incident Report for <page>", the postmortem first, then the
 * updates newest first, each "Posted … Jan 23, 2018 - 14:16 PST" in the page's zone, then
 * "This incident affected: North America (Web Interface, …)". A page of its own, without the
 * dashboard's navigation: it faces the page's readers.
 */
export function registerOwnIncidentPage(app: FastifyInstance, deps: WebDeps, page: PageConfig): void {
  app.get('/status/incidents/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const response = await deps.cache.get(`own|${request.url}`, async () => {
      const incident = isCode(code) ? await deps.store.getIncident(page.slug, code) : null;
      if (incident === null) throw notFound(`no incident "${code}" on this page`);
      const { view } = await loadOwnPage(deps, page);
      const body = incidentReport(page, incident, view.components, deps.clock());
      return { body, contentType: HTML, tags: [page.slug] };
    });
    return sendResponse(reply, response);
  });
} // prettier-ignore

export function incidentReport(
  page: PageConfig,
  incident: StoredIncident,
  components: readonly Component[],
  now: number,
): string {
  const zone = page.timeZone;
  const updates = [...incident.updates].reverse().filter((u) => u.status !== 'postmortem');
  const postmortem = incident.postmortem;
  const published = postmortem?.publishedAt ?? null;
  const affected = affectedSentence(incident, components);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${incident.title} - ${page.name} Status</title>
        <link rel="stylesheet" href="/status/static/status.css" />
        <link rel="icon" href="/status/static/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/atom+xml" href="/status/history.atom" title="${page.name} incident history" />
      </head>
      <body class="own-page">
        <main id="main" class="own-incident">
          <h1>${incident.title}</h1>
          <p class="own-incident-page">Incident Report for <a href="/status/api/v2/summary.json">${page.name}</a></p>
          ${postmortem !== null && published !== null
            ? html`<section class="own-postmortem" aria-labelledby="postmortem">
                <h2 id="postmortem">Postmortem</h2>
                ${vendorHtml(postmortem.bodyHtml)}
                <p class="own-posted">${posted(published, zone, now)}</p>
              </section>`
            : null}
          <section aria-label="Updates" class="own-updates">
            ${updates.map((u) => updateRow(u, zone, now))}
          </section>
          ${affected === null ? null : html`<p class="own-affected">This incident affected: ${affected}.</p>`}
        </main>
      </body>
    </html>`.toString();
} // prettier-ignore

// --- internal ---

function updateRow(u: IncidentUpdate, zone: string, now: number): SafeHtml {
  const at = u.displayedAt ?? u.createdAt;
  return html`<article class="own-update">
    <h2>${UPDATE_STATUS_LABELS[u.status]}</h2>
    ${vendorHtml(u.bodyHtml)}
    ${at === null ? null : html`<p class="own-posted">${posted(at, zone, now)}</p>`}
  </article>`;
}

/** "Posted 7 months ago. Jan 23, 2018 - 14:16 PST" (seed 001), in the page's zone. */
export function posted(at: number, zone: string, now: number): SafeHtml {
  const p = zonedParts(at, zone);
  const stamp = `${p.month} ${p.day}, ${p.year} - ${p.hour}:${p.minute} ${p.zoneName}`;
  const iso = new Date(at).toISOString();
  return html`Posted ${ago(now - at)}. <time datetime="${iso}">${stamp}</time>`;
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const steps: [number, string][] = [[525_600, 'year'], [43_200, 'month'], [1_440, 'day'], [60, 'hour'], [1, 'minute']]; // prettier-ignore
  for (const [size, unit] of steps) {
    const n = Math.floor(minutes / size);
    if (n >= 1) return `${String(n)} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'less than a minute ago';
}

/** "North America (Web Interface, Mobile Apps) and Public API": groups named, members in order. */
function affectedSentence(incident: StoredIncident, components: readonly Component[]): string | null {
  const ids = new Set(incident.components.map((c) => c.vendorId));
  const hit = components.filter((c) => ids.has(c.vendorId));
  if (hit.length === 0) return null;
  const parts: string[] = [];
  const groups = new Set<string>();
  for (const c of hit) {
    if (c.groupName === null) parts.push(c.name);
    else if (!groups.has(c.groupName)) {
      groups.add(c.groupName);
      const members = hit.filter((m) => m.groupName === c.groupName).map((m) => m.name);
      parts.push(`${c.groupName} (${members.join(', ')})`);
    }
  }
  return parts.length === 1 ? (parts[0] ?? null) : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
} // prettier-ignore
