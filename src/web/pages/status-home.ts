import type { FastifyInstance } from 'fastify';
import type { PageConfig } from '../../config/index.ts';
import { isClosedStatus, type StoredIncident } from '../../domain/index.ts';
import { componentDailyImpact } from '../../reliability/component-daily-impact.ts';
import { dataFrom } from '../../reliability/reliability-figures.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, sendResponse } from '../_http.ts';
import { html, type SafeHtml } from '../html.ts';
import { loadOwnPage } from '../statuspage-compat/own-page.ts';
import { ownStatusJson, type OwnPageView } from '../statuspage-compat/_own-page-shape.ts';
import { componentsSection } from './_status-components.ts';
import { statusFrame } from './_status-frame.ts';
import { openIncidentBox, pastIncident, startOf } from './_status-parts.ts';
import { dayHeading, lastDates, localDate } from './_status-time.ts';

const DAY = 86_400_000;
const BAR_DAYS = 90;
/** Statuspage's home lists the last 15 days under "Past Incidents", one heading a day. */
const PAST_DAYS = 15;

/**
 * `/status`: the own page's home in the order of an Atlassian Statuspage page: the overall
 * banner, open incidents, active and upcoming maintenance, the components by group with their
 * 90-day bars, then "Past Incidents" day by day and the link to the history. Every time in the
 * page's zone; server-rendered, no script.
 */
/** `subscribe`: the page offers subscriptions (page.subscribers with alerts.smtp), so it links them. */
export function registerStatusHome(
  app: FastifyInstance,
  deps: WebDeps,
  page: PageConfig,
  subscribe = false,
): void {
  for (const path of ['/status', '/status/']) {
    app.get(path, async (_request, reply) => {
      const response = await deps.cache.get('own|/status', async () => {
        const body = await statusHome(deps, page, subscribe);
        return { body, contentType: HTML, tags: [page.slug] };
      });
      return sendResponse(reply, response);
    });
  }
}

// --- internal ---

async function statusHome(deps: WebDeps, page: PageConfig, subscribe: boolean): Promise<string> {
  const now = deps.clock();
  const zone = page.timeZone;
  const { view, open } = await loadOwnPage(deps, page);
  const { recent, bars } = await loadHistory(deps, page, view, open, now);
  const shown = open.filter((i) => !i.isTemplate && !isClosedStatus(i.status));
  const incidents = shown.filter((i) => i.kind === 'incident');
  const active = shown.filter((i) => i.kind === 'maintenance' && i.status !== 'scheduled');
  const upcoming = shown.filter((i) => i.kind === 'maintenance' && i.status === 'scheduled');
  const status = ownStatusJson(view, open);
  const main = html`<h1 class="sp-hidden">${page.name} Status</h1>
    ${subscribe ? html`<p class="sp-subscribe"><a href="/status/subscribe">Subscribe to updates</a></p>` : null}
    <h2 class="sp-banner indicator-${status.indicator}">${status.description}</h2>
    ${boxes('open-title', 'Incidents', incidents, zone, now)}
    ${boxes('active-title', 'Maintenance in progress', active, zone, now)}
    ${boxes('upcoming-title', 'Scheduled Maintenance', upcoming, zone, now)}
    ${componentsSection(view.components, bars)} ${pastIncidents(recent, zone, now)}
    <p class="sp-history-link"><a href="/status/history">← Incident History</a></p>`;
  return statusFrame({ page, title: `${page.name} Status`, main, home: true });
}

/** The last 90 days of incidents (open ones that began earlier too) and each component's bars. */
async function loadHistory(deps: WebDeps, page: PageConfig, view: OwnPageView, open: readonly StoredIncident[], now: number) {
  const since = now - BAR_DAYS * DAY;
  const [record, started, changes] = await Promise.all([
    deps.store.getProvider(page.slug),
    deps.store.listIncidents({ providerSlug: page.slug, since }),
    deps.store.listComponentChanges(page.slug, since),
  ]);
  const seen = new Set(started.map((i) => i.vendorId));
  const recent = [...started, ...open.filter((i) => !seen.has(i.vendorId))];
  const analyses = await deps.store.getIncidentAnalyses(recent);
  // An authored page is never behind: its data runs to now, from when the page was set up.
  const from = record === null ? null : dataFrom(record.provider.createdAt, true, recent);
  const history = { components: view.components, incidents: recent, changes, analyses };
  return { recent, bars: componentDailyImpact(history, now, BAR_DAYS, from, now) };
} // prettier-ignore

function boxes(id: string, title: string, list: readonly StoredIncident[], zone: string, now: number): SafeHtml {
  if (list.length === 0) return html``;
  return html`<section class="sp-section" aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    ${list.map((i) => openIncidentBox(i, zone, now))}
  </section>`;
} // prettier-ignore

/** One heading per day, newest first, each with the incidents begun that day in the page's zone. */
function pastIncidents(recent: readonly StoredIncident[], zone: string, now: number): SafeHtml {
  const dates = lastDates(now, zone, PAST_DAYS);
  const byDate = new Map<string, StoredIncident[]>();
  for (const i of recent) {
    if (i.isTemplate || (i.kind === 'maintenance' && i.status === 'scheduled')) continue;
    const date = localDate(startOf(i), zone);
    byDate.set(date, [...(byDate.get(date) ?? []), i]);
  }
  return html`<section class="sp-section" aria-labelledby="past-title">
    <h2 id="past-title">Past Incidents</h2>
    ${dates.map((date, n) => {
      const list = (byDate.get(date) ?? []).sort((a, b) => startOf(b) - startOf(a));
      return html`<div class="sp-day">
        <h3>${dayHeading(date)}</h3>
        ${list.length === 0
          ? html`<p class="sp-quiet">${n === 0 ? 'No incidents reported today.' : 'No incidents reported.'}</p>`
          : list.map((i) => pastIncident(i, zone))}
      </div>`;
    })}
  </section>`;
} // prettier-ignore
