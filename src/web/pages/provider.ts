import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isPseudoComponent, type Component, type StoredIncident } from '../../domain/index.ts';
import {
  componentDailyImpact,
  type ComponentDays,
} from '../../reliability/component-daily-impact.ts';
import {
  dataFrom,
  dataThrough,
  reliabilityFigures,
} from '../../reliability/reliability-figures.ts';
import { dayBars } from '../_day-bars.ts';
import { statusBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, notFound, pageParam, parseQuery, sendResponse, timeContext } from '../_http.ts';
import { incidentList } from '../_incident-list.ts';
import { incidentHref, providerHref, safeHref, withQuery } from '../_links.ts';
import { providerRow } from '../_provider-rows.ts';
import { relativeTag, type TimeContext } from '../_time.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { setAsideNote } from './_dashboard-parts.ts';
import { figuresTable } from './_figures.ts';

export const HISTORY_PAGE_SIZE = 25;
const DAY = 86_400_000;
const BAR_DAYS = 90;
/** Past this many components, bars would weigh more than the rest of the page: the rest go without. */
const MAX_COMPONENT_BARS = 40;

const params = z.object({ slug: z.string().min(1).max(100) });
const query = z.object({ page: pageParam, tz: z.string().optional() });

/** `/providers/:slug`: components, open incidents, maintenance, history and figures. */
export function registerProviderPage(app: FastifyInstance, deps: WebDeps): void {
  app.get('/providers/:slug', async (request, reply) => {
    const { slug } = parseQuery(params, request.params);
    const { page } = parseQuery(query, request.query);
    const time = timeContext(request, deps.clock());
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const body = await providerPage(deps, slug, page, { time, path: request.url });
      return { body, contentType: HTML, tags: [slug] };
    });
    return sendResponse(reply, response);
  });
}

async function providerPage(deps: WebDeps, slug: string, page: number, ctx: PageContext) {
  const record = await deps.store.getProvider(slug);
  if (record === null) throw notFound(`no provider "${slug}"`);
  const now = ctx.time.now;
  const { state, history, recent, changes } = await loadProviderData(deps, slug, page, now);
  const analyses = await deps.store.getIncidentAnalyses(recent);
  const open = state.incidents.filter((i) => !i.isTemplate);
  const row = providerRow(record, open, now);
  const { provider } = record;
  const { lastSuccessAt } = record.source.health;
  // Figures and bars stop at the newest data we hold: an archive says nothing of later days.
  const held = [...recent, ...history];
  const coverage = {
    watchingSince: provider.createdAt,
    dataFrom: dataFrom(provider.createdAt, lastSuccessAt !== null, recent),
    dataThrough: dataThrough([lastSuccessAt, provider.createdAt], held, changes) ?? now,
  };
  const main = html`<h1>${provider.name}</h1>
    <p>
      ${statusBadge(row.display)} · last checked
      ${relativeTag(record.source.health.lastSuccessAt, ctx.time)} · ${vendorLink(provider.pageUrl)}
      <a href="${providerHref(slug)}/feed.atom">Atom feed</a>
    </p>
    ${failingNote(record.source.health.lastErrorMessage, record.source.health.consecutiveFailures)}
    <section aria-labelledby="open-title">
      <h2 id="open-title">Open incidents</h2>
      ${incidentList(row.ongoingIncidents, ctx.time, 'No open incidents.')}
      ${setAsideList(row.setAsideIncidents, ctx.time)}
    </section>
    <section aria-labelledby="maint-title">
      <h2 id="maint-title">Maintenance in progress and upcoming</h2>
      ${incidentList([...row.maintenanceInProgress, ...row.upcomingMaintenance], ctx.time, 'None.')}
    </section>
    ${componentSection(
      state.components,
      componentDailyImpact(
        { components: state.components, incidents: recent, changes, analyses },
        now,
        BAR_DAYS,
        coverage.dataFrom,
        coverage.dataThrough,
      ),
    )}
    ${figuresTable([30, 90].map((days) => reliabilityFigures(recent, days, now, coverage, analyses)))}
    ${historySection(slug, history, page, ctx.time)}`;
  return layout({
    title: provider.name,
    ctx,
    main,
    head: html`<link
      rel="alternate"
      type="application/atom+xml"
      title="${provider.name} incidents"
      href="${providerHref(slug)}/feed.atom"
    />`,
    crumbs: [{ href: '/', label: 'Dashboard' }],
  });
}

// --- internal ---

function vendorLink(pageUrl: string): SafeHtml {
  const href = safeHref(pageUrl);
  if (href === null) return html``;
  return html`<a href="${href}" rel="noopener noreferrer">Vendor status page</a> ·`;
}

/** Components and open incidents, one page of history, and 90 days for the figures. */
async function loadProviderData(deps: WebDeps, slug: string, page: number, now: number) {
  const [state, history, started, changes] = await Promise.all([
    deps.store.loadProviderState(slug, []),
    deps.store.listIncidents({
      providerSlug: slug,
      limit: HISTORY_PAGE_SIZE + 1,
      offset: (page - 1) * HISTORY_PAGE_SIZE,
    }),
    deps.store.listIncidents({ providerSlug: slug, since: now - 90 * DAY }),
    deps.store.listComponentChanges(slug, now - BAR_DAYS * DAY),
  ]);
  // Figures count what overlaps the window: open incidents that started earlier count too.
  const seen = new Set(started.map((i) => i.vendorId));
  const recent = [...started, ...state.incidents.filter((i) => !seen.has(i.vendorId))];
  return { state, history, recent, changes };
}

/** Open incidents no longer counted, each with why: they are not an outage now. */
function setAsideList(incidents: readonly StoredIncident[], time: TimeContext): SafeHtml {
  if (incidents.length === 0) return html``;
  return html`<p class="quiet">Left open by the vendor but set aside, not counted in the status:</p>
    <ul class="set-aside">
      ${incidents.map(
        (i) =>
          html`<li>
            <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a> ·
            ${setAsideNote(i, time)}
          </li>`,
      )}
    </ul>`;
}

function failingNote(message: string | null, failures: number): SafeHtml {
  if (failures === 0) return html``;
  return html`<p class="note" role="status">
    ⚠ The last ${failures} polls failed: ${message ?? 'unknown error'}. What is shown below may be
    out of date.
  </p>`;
}

/** Each component with its status now and, below it, its last 90 days as bars. */
function componentSection(components: Component[] | null, bars: readonly ComponentDays[]): SafeHtml {
  const listed = components?.filter((c) => !isPseudoComponent(c.name)) ?? null;
  const barsOf = (c: Component) =>
    bars.find((b) => b.component.vendorId === c.vendorId && b.component.name === c.name);
  const withBars = new Set(
    [...(listed ?? [])].sort((a, b) => a.position - b.position).slice(0, MAX_COMPONENT_BARS),
  );
  const item = (c: Component) => {
    const days = withBars.has(c) ? barsOf(c)?.days : undefined;
    return html`<li>
      <div class="component-head"><span>${c.name}</span> ${statusBadge(c.status)}</div>
      ${days === undefined ? '' : dayBars(days, `${c.name}, last ${days.length} days`, { runs: true })}
    </li>`;
  };
  const body =
    listed === null
      ? namedOnly(bars)
      : listed.length === 0
        ? html`<p class="quiet">No components listed.</p>`
        : groupsOf(listed).map(
            ([group, list]) =>
              html`${group === null ? '' : html`<h3>${group}</h3>`}
                <ul class="components">
                  ${list.map(item)}
                </ul>`,
          );
  const capped = (listed ?? bars).length > MAX_COMPONENT_BARS;
  return html`<section aria-labelledby="components-title">
    <h2 id="components-title">Components</h2>
    ${bars.length > 0 ? barsNote(capped) : ''}
    ${body}
  </section>`;
} // prettier-ignore

function barsNote(capped: boolean): SafeHtml {
  const cap = capped ? `; the first ${String(MAX_COMPONENT_BARS)} components only` : '';
  const text = `Bars: the last ${String(BAR_DAYS)} days, worst impact per day (UTC days${cap}).`;
  return html`<p class="quiet">${text}</p>`;
}

/** Formats without a component list: the components its incidents name, with their bars. */
function namedOnly(bars: readonly ComponentDays[]): SafeHtml {
  if (bars.length === 0) return html`<p class="quiet">This provider's format does not list components.</p>`;
  return html`<p class="quiet">This provider's format does not list components; these are the ones its incidents name.</p>
    <ul class="components">
      ${bars.slice(0, MAX_COMPONENT_BARS).map((b) => html`<li>
        <div class="component-head"><span>${b.component.name}</span></div>
        ${dayBars(b.days, `${b.component.name}, last ${b.days.length} days`, { runs: true })}
      </li>`)}
    </ul>`;
} // prettier-ignore

function groupsOf(components: readonly Component[]): [string | null, Component[]][] {
  const groups = new Map<string | null, Component[]>();
  for (const c of [...components].sort((a, b) => a.position - b.position)) {
    const list = groups.get(c.groupName) ?? [];
    list.push(c);
    groups.set(c.groupName, list);
  }
  return [...groups];
}

function historySection(
  slug: string,
  history: StoredIncident[],
  page: number,
  time: TimeContext,
): SafeHtml {
  const hasNext = history.length > HISTORY_PAGE_SIZE;
  const shown = history.slice(0, HISTORY_PAGE_SIZE);
  // Page links come back to this section, not the top of the page: the reader keeps their place.
  const href = (p: number) =>
    `${withQuery(providerHref(slug), { page: p === 1 ? undefined : p })}#history-title`;
  const first = (page - 1) * HISTORY_PAGE_SIZE + 1;
  return html`<section aria-labelledby="history-title">
    <h2 id="history-title">Incident history</h2>
    ${incidentList(shown, time, page === 1 ? 'No incidents stored yet.' : 'No more incidents.')}
    <nav aria-label="History pages" class="pager">
      ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">Newer</a>` : ''}
      <span
        >${
          shown.length === 0
            ? html`Page ${page} · <a href="${href(1)}">back to the newest</a>`
            : `Incidents ${first}–${first + shown.length - 1}`
        }</span
      >
      ${hasNext ? html`<a href="${href(page + 1)}" rel="next">Older</a>` : ''}
    </nav>
  </section>`;
}
