import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { HTML, pageParam, readForm, sendResponse, timeZoneOrNull } from '../_http.ts';
import { DEFAULT_TIME_ZONE } from '../_time.ts';
import {
  IMPACT_FILTERS,
  STATUS_FILTERS,
  incidentFilterSchema,
  toIncidentQuery,
  type IncidentFilters,
} from '../_incident-filters.ts';
import { incidentList } from '../_incident-list.ts';
import { withQuery } from '../_links.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

const PAGE_SIZE = 50;
const extra = z.object({ page: pageParam, tz: z.string().optional() });

/** `/incidents`: one timeline across providers, filterable, paginated, newest first. */
export function registerIncidentsPage(app: FastifyInstance, deps: WebDeps): void {
  app.get('/incidents', async (request, reply) => {
    const parsed = readForm(incidentFilterSchema.and(extra), request.query);
    const tz = timeZoneOrNull(request);
    const time = { tz: tz ?? DEFAULT_TIME_ZONE, now: deps.clock() };
    const raw = request.query as Record<string, string | undefined>;
    const refuse = async (status: number, message: string) => {
      const records = await deps.store.listProviders();
      const names = new Map(records.map((r) => [r.provider.slug, r.provider.name]));
      const main = html`<h1>Incidents</h1>
        <p class="form-error" role="alert">${message} Nothing was filtered.</p>
        ${filterForm(raw, names)}`;
      const body = layout({ title: 'Incidents', ctx: { time, path: request.url }, main });
      return reply.code(status).type(HTML).header('cache-control', 'no-store').send(body);
    };
    if (!parsed.ok || tz === null) {
      const message = parsed.ok ? `“${raw.tz ?? ''}” is not a time zone we know.` : parsed.message;
      return refuse(400, message);
    }
    const { page, ...filters } = parsed.value;
    // A well-formed slug we do not watch: 404 as the API and the provider page answer it (the
    // request names a resource that is not there; the form itself was filled in correctly).
    if (
      filters.provider !== undefined &&
      (await deps.store.getProvider(filters.provider)) === null
    ) {
      return refuse(404, `“${filters.provider}” is not a provider we watch.`);
    }
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const [records, incidents] = await Promise.all([
        deps.store.listProviders(),
        deps.store.listIncidents({
          ...toIncidentQuery(filters),
          limit: PAGE_SIZE + 1,
          offset: (page - 1) * PAGE_SIZE,
        }),
      ]);
      const names = new Map(records.map((r) => [r.provider.slug, r.provider.name]));
      const main = html`<h1>Incidents</h1>
        ${filterForm(raw, names)}
        ${incidentList(incidents.slice(0, PAGE_SIZE), time, 'No incidents match these filters.', {
          providerNames: names,
        })}
        ${pager(raw, page, incidents.length > PAGE_SIZE)}`;
      const body = layout({ title: 'Incidents', ctx: { time, path: request.url }, main });
      return { body, contentType: HTML, tags: ['*'] };
    });
    return sendResponse(reply, response);
  });
}

// --- internal ---

type RawQuery = Record<string, string | undefined>;

function filterForm(raw: RawQuery, names: ReadonlyMap<string, string>): SafeHtml {
  const providers = [...names].sort((a, b) => a[1].localeCompare(b[1]));
  return html`<form class="filters" method="get" action="/incidents">
    ${select('provider', 'Provider', raw.provider, providers)}
    ${select(
      'impact',
      'Impact',
      raw.impact,
      IMPACT_FILTERS.map((i) => [i, i === 'unknown' ? 'not given' : i]),
    )}
    ${select('kind', 'Kind', raw.kind, [
      ['incident', 'incident'],
      ['maintenance', 'maintenance'],
    ])}
    ${select(
      'status',
      'Status',
      raw.status,
      STATUS_FILTERS.map((s) => [s, s.replace(/_/g, ' ')]),
    )}
    <label>From <input type="date" name="since" value="${raw.since ?? ''}" /></label>
    <label>Until <input type="date" name="until" value="${raw.until ?? ''}" /></label>
    <button type="submit">Apply filters</button>
    <a href="/incidents">Clear</a>
  </form>`;
}

function select(
  name: keyof IncidentFilters,
  label: string,
  current: string | undefined,
  options: readonly (readonly [string, string])[],
): SafeHtml {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">any</option>
      ${options.map(
        ([value, text]) =>
          html`<option value="${value}" ${value === current ? html`selected` : ''}>
            ${text}
          </option>`,
      )}
    </select>
  </label>`;
}

function pager(raw: RawQuery, page: number, hasNext: boolean): SafeHtml {
  const href = (p: number) => withQuery('/incidents', { ...raw, page: p === 1 ? undefined : p });
  return html`<nav aria-label="Pages" class="pager">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">Newer</a>` : ''}
    <span>Page ${page}</span>
    ${hasNext ? html`<a href="${href(page + 1)}" rel="next">Older</a>` : ''}
  </nav>`;
}
