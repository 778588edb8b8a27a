import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StoredIncident } from '../../domain/index.ts';
import { dailyImpact, type DayImpact } from '../../reliability/daily-impact.ts';
import type { AnalysisMap } from '../../reliability/impact-span.ts';
import { dataFrom, dataThrough } from '../../reliability/reliability-figures.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, parseQuery, sendResponse, timeContext } from '../_http.ts';
import { loadProviderRows, type ProviderRow } from '../_provider-rows.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { addProviderForm } from './add-provider.ts';
import { banner, providerCard } from './_dashboard-parts.ts';

const query = z.object({
  filter: z.string().max(200).optional(),
  tz: z.string().optional(),
});

/** `/`: every watched provider, worst first, with what is wrong and how fresh we know it. */
export function registerDashboard(app: FastifyInstance, deps: WebDeps): void {
  app.get('/', async (request, reply) => {
    const { filter } = parseQuery(query, request.query);
    const time = timeContext(request, deps.clock());
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const [rows, recent] = await Promise.all([
        loadProviderRows(deps.store, time.now),
        deps.store.listIncidents({ kind: 'incident', since: time.now - BAR_DAYS * DAY }),
      ]);
      const ctx: PageContext = { time, path: request.url };
      // The bars place incidents by their impact window where the vendor's words give one.
      const open = rows.flatMap((r) => r.openIncidents);
      const analyses = await deps.store.getIncidentAnalyses([...recent, ...open]);
      const bars = barsByProvider(rows, recent, time.now, analyses);
      const body = dashboardPage(rows, bars, filter?.trim() ?? '', ctx, deps.fetcher !== null);
      return { body, contentType: HTML, tags: ['*'] };
    });
    return sendResponse(reply, response);
  });
}

export function dashboardPage(
  rows: readonly ProviderRow[],
  bars: ReadonlyMap<string, DayImpact[]>,
  filter: string,
  ctx: PageContext,
  canAdd: boolean,
): string {
  const needle = filter.toLowerCase();
  const shown = needle === '' ? rows : rows.filter((r) => filterText(r).includes(needle));
  const main = html`<h1>Dashboard</h1>
    <div
      id="live"
      data-live-refresh="${rows.some((r) => r.ongoingIncidents.length > 0) ? 'open' : 'quiet'}"
    >
      ${banner(rows, ctx.time)} ${rows.length === 0 ? '' : filterForm(filter)}
      <ul id="providers" class="provider-cards" aria-label="Watched vendors, worst first">
        ${shown.map((r) => providerCard(r, bars.get(r.record.provider.slug) ?? [], ctx.time))}
      </ul>
      ${
        rows.length > 0 && shown.length === 0
          ? html`<p>No vendor matches “${filter}”. <a href="/">Show all</a></p>`
          : ''
      }
    </div>
    ${canAdd ? addProviderForm({ value: '', error: null }) : ''}`;
  return layout({ title: 'Dashboard', ctx, main });
}

// --- internal ---

const BAR_DAYS = 90;
const DAY = 86_400_000;

function filterForm(filter: string): SafeHtml {
  return html`<form
    class="filter"
    method="get"
    action="/"
    role="search"
    aria-label="Filter vendors"
  >
    <label for="provider-filter">Filter vendors</label>
    <input
      id="provider-filter"
      type="search"
      name="filter"
      value="${filter}"
      maxlength="200"
      data-filter-target="#providers"
    />
    <button type="submit">Filter</button>
  </form>`;
}

function barsByProvider(
  rows: readonly ProviderRow[],
  recent: readonly StoredIncident[],
  now: number,
  analyses: AnalysisMap,
): Map<string, DayImpact[]> {
  const bySlug = new Map<string, StoredIncident[]>();
  for (const i of [...recent, ...rows.flatMap((r) => r.openIncidents)]) {
    const list = bySlug.get(i.providerSlug) ?? [];
    if (!list.some((x) => x.vendorId === i.vendorId)) list.push(i);
    bySlug.set(i.providerSlug, list);
  }
  const out = new Map<string, DayImpact[]>();
  for (const row of rows) {
    const { provider, source } = row.record;
    const incidents = bySlug.get(provider.slug) ?? [];
    const { lastSuccessAt } = source.health;
    const from = dataFrom(provider.createdAt, lastSuccessAt !== null, incidents);
    // An archive's bars stop at its newest data: later days are "no data", not "no incident".
    const through = dataThrough([lastSuccessAt, provider.createdAt], incidents) ?? now;
    out.set(provider.slug, dailyImpact(incidents, now, BAR_DAYS, from, analyses, through));
  }
  return out;
}

function filterText(row: ProviderRow): string {
  const p = row.record.provider;
  return `${p.name} ${p.slug}`.toLowerCase();
}
