import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { statusBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, parseQuery, sendResponse, timeContext } from '../_http.ts';
import { loadProviderRows, type ProviderRow } from '../_provider-rows.ts';
import { absoluteTag, relativeTag, type TimeContext } from '../_time.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { addProviderForm } from './add-provider.ts';
import { incidentHref, providerHref } from '../_links.ts';

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
      const rows = await loadProviderRows(deps.store, time.now);
      const ctx: PageContext = { time, path: request.url };
      const body = dashboardPage(rows, filter?.trim() ?? '', ctx, deps.fetcher !== null);
      return { body, contentType: HTML, tags: ['*'] };
    });
    return sendResponse(reply, response);
  });
}

export function dashboardPage(
  rows: readonly ProviderRow[],
  filter: string,
  ctx: PageContext,
  canAdd: boolean,
): string {
  const needle = filter.toLowerCase();
  const shown = needle === '' ? rows : rows.filter((r) => filterText(r).includes(needle));
  const main = html`<h1>Dashboard</h1>
    ${headline(rows)}
    <form class="filter" method="get" action="/" role="search">
      <label for="provider-filter">Filter providers</label>
      <input
        id="provider-filter"
        type="search"
        name="filter"
        value="${filter}"
        maxlength="200"
        data-filter-target="#providers"
      />
      <button type="submit">Filter</button>
    </form>
    ${providerTable(shown, ctx.time)} ${canAdd ? addProviderForm({ value: '', error: null }) : ''}`;
  return layout({ title: 'Dashboard', ctx, main });
}

// --- internal ---

function headline(rows: readonly ProviderRow[]): SafeHtml {
  if (rows.length === 0) {
    return html`<p class="headline">
      No providers are watched yet. Add one below or with <code>statuswatch add</code>.
    </p>`;
  }
  const troubled = rows.filter((r) => r.display !== 'operational').length;
  const text =
    troubled === 0
      ? `All ${rows.length} providers are operational.`
      : `${troubled} of ${rows.length} providers are not fully operational or not known to be.`;
  return html`<p class="headline" role="status">${text}</p>`;
}

function providerTable(rows: readonly ProviderRow[], time: TimeContext): SafeHtml {
  return html`<table id="providers" class="providers">
      <caption class="visually-hidden">
        Watched providers, worst first
      </caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Status</th>
          <th scope="col">Open incidents and maintenance</th>
          <th scope="col">Last checked</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((r) => providerRowHtml(r, time))}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No provider matches the filter.</p>` : ''}`;
}

function providerRowHtml(row: ProviderRow, time: TimeContext): SafeHtml {
  const { provider, source } = row.record;
  return html`<tr data-filter-text="${filterText(row)}">
    <th scope="row"><a href="${providerHref(provider.slug)}">${provider.name}</a></th>
    <td>${statusBadge(row.display)}</td>
    <td>${openList(row, time)}</td>
    <td>${relativeTag(source.health.lastSuccessAt, time)}</td>
    <td>${sourceHealth(row, time)}</td>
  </tr>`;
}

function openList(row: ProviderRow, time: TimeContext): SafeHtml {
  const items = [
    ...row.openIncidents.map(
      (i) =>
        html`<li>
          <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a>
          <span class="age">open since ${relativeTag(i.startedAt ?? i.firstSeenAt, time)}</span>
        </li>`,
    ),
    ...row.maintenanceInProgress.map(
      (i) =>
        html`<li>
          <span class="tag">Maintenance in progress:</span>
          <a href="${incidentHref(i.providerSlug, i.vendorId)}">${i.title}</a>
        </li>`,
    ),
  ];
  return items.length === 0
    ? html`<span class="quiet">None</span>`
    : html`<ul class="open">
        ${items}
      </ul>`;
}

function sourceHealth(row: ProviderRow, time: TimeContext): SafeHtml {
  const { health } = row.record.source;
  if (health.consecutiveFailures > 0) {
    return html`<span class="health-failing"
      >Failing since ${absoluteTag(health.lastChangeAt, time)} (${health.consecutiveFailures}×:
      ${health.lastErrorKind ?? 'error'})</span
    >`;
  }
  if (row.display === 'stale') return html`<span class="health-failing">Stale</span>`;
  if (health.lastSuccessAt === null) return html`<span class="quiet">Not polled yet</span>`;
  return html`<span>OK</span>`;
}

function filterText(row: ProviderRow): string {
  const p = row.record.provider;
  return `${p.name} ${p.slug}`.toLowerCase();
}
