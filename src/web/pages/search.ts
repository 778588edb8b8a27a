import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type {
  ProviderRecord,
  SearchPage,
  SearchRequest,
  SnippetPart,
} from '../../storage/store.ts';
import { incidentFilterSchema } from '../_incident-filters.ts';
import { impactBadge, incidentStatusBadge, kindBadge } from '../_badges.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, pageParam, readForm, sendResponse, timeZoneOrNull } from '../_http.ts';
import { incidentHref, withQuery } from '../_links.ts';
import { DEFAULT_TIME_ZONE, absoluteTag, type TimeContext } from '../_time.ts';
import { startOf } from '../../domain/index.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

export const SEARCH_PAGE_SIZE = 20;
export const searchText = z.string().trim().max(200, 'q must be at most 200 characters');
const { provider, since, until } = incidentFilterSchema.shape;
/** Search's filters, read as `/incidents` reads them ("until" includes the day it names). */
export const searchFilterFields = { provider, since, until };
export type SearchFilters = Pick<SearchRequest, 'providerSlug' | 'since' | 'until'>;
export const sinceBeforeUntil = (f: { since?: number | undefined; until?: number | undefined }) =>
  f.since === undefined || f.until === undefined || f.since < f.until;
export const SINCE_AFTER_UNTIL = { message: 'since must not be after until', path: ['since'] };
const query = z
  .object({ q: searchText.optional(), page: pageParam, tz: z.string().optional(), ...searchFilterFields })
  .refine(sinceBeforeUntil, SINCE_AFTER_UNTIL); // prettier-ignore

/** The store's filters from the parsed fields (absent ones left out). */
export function toSearchFilters(f: {
  provider?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
}) {
  return {
    ...(f.provider === undefined ? {} : { providerSlug: f.provider }),
    ...(f.since === undefined ? {} : { since: f.since }),
    ...(f.until === undefined ? {} : { until: f.until }),
  } satisfies SearchFilters;
}

/** What the reader typed, kept verbatim for the form and the page links. */
interface Typed {
  q: string;
  provider: string;
  since: string;
  until: string;
}

/** `/search?q=`: full-text search over titles, updates and postmortems, with snippets. */
export function registerSearchPage(app: FastifyInstance, deps: WebDeps): void {
  app.get('/search', async (request, reply) => {
    const parsed = readForm(query, request.query);
    const tz = timeZoneOrNull(request);
    const time = { tz: tz ?? DEFAULT_TIME_ZONE, now: deps.clock() };
    const raw = request.query as Record<string, unknown>;
    const typed = typedOf(raw);
    if (!parsed.ok || tz === null) {
      const message = parsed.ok
        ? `“${String(raw.tz)}” is not a time zone we know.`
        : parsed.message;
      const records = await deps.store.listProviders();
      const main = html`<h1>Search</h1>
        <p class="form-error" role="alert" id="search-error">${message}</p>
        ${searchForm(typed, records, true)}`;
      const body = layout({ title: 'Search', ctx: { time, path: request.url }, main });
      return reply.code(400).type(HTML).header('cache-control', 'no-store').send(body);
    }
    const { q = '', page } = parsed.value;
    const filters = toSearchFilters(parsed.value);
    const response = await deps.cache.get(`${request.url}|${time.tz}`, async () => {
      const offset = (page - 1) * SEARCH_PAGE_SIZE;
      const [records, result] = await Promise.all([
        deps.store.listProviders(),
        q === ''
          ? Promise.resolve({ hits: [], total: 0, totalCapped: false })
          : deps.store.searchIncidents(q, { limit: SEARCH_PAGE_SIZE, offset, ...filters }),
      ]);
      const names = new Map(records.map((r) => [r.provider.slug, r.provider.name]));
      const main = html`<h1>Search</h1>
        ${searchForm({ ...typed, q }, records, false)}
        ${q === '' ? '' : results({ ...typed, q }, result, page, names, time)}`;
      const body = layout({
        title: q === '' ? 'Search' : `Search: ${q}`,
        ctx: { time, path: request.url },
        main,
      });
      return { body, contentType: HTML, tags: ['*'] };
    });
    return sendResponse(reply, response);
  });
}

/** Snippet parts as HTML: the text escaped, the matched words in `<mark>`. */
export function snippetHtml(parts: readonly SnippetPart[]): SafeHtml {
  return html`${parts.map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text))}`;
}

// --- internal ---

function typedOf(raw: Record<string, unknown>): Typed {
  const text = (key: string) => (typeof raw[key] === 'string' ? raw[key] : '');
  return { q: text('q'), provider: text('provider'), since: text('since'), until: text('until') };
}

/** The search form, keeping what was typed (even when too long: the reader fixes it here). */
function searchForm(typed: Typed, records: readonly ProviderRecord[], invalid: boolean): SafeHtml {
  return html`<form method="get" action="/search" role="search" aria-label="Search this page">
    <label for="search-q">Words to find in titles, updates and postmortems</label>
    <input
      id="search-q"
      type="search"
      name="q"
      value="${typed.q}"
      ${invalid ? html`aria-invalid="true" aria-describedby="search-error"` : html`aria-describedby="search-help"`}
    />
    ${filterFields(typed, records)}
    <button type="submit">Search</button>
    <p id="search-help" class="quiet">
      <code>datab*</code> finds words starting so; <code>"two words"</code> a phrase;
      <code>-word</code> leaves out incidents with that word.
    </p>
  </form>`;
}

/** Provider and date filters; the dates as typed, "until" including its day. */
function filterFields(typed: Typed, records: readonly ProviderRecord[]): SafeHtml {
  const providers = [...records].sort((a, b) => a.provider.name.localeCompare(b.provider.name));
  return html`<div class="search-filters">
    <label for="search-provider">Provider</label>
    <select id="search-provider" name="provider">
      <option value="">Any provider</option>
      ${providers.map(
        ({ provider: p }) =>
          html`<option value="${p.slug}" ${p.slug === typed.provider ? 'selected' : ''}>
            ${p.name}
          </option>`,
      )}
    </select>
    <label for="search-since">Started on or after</label>
    <input id="search-since" type="date" name="since" value="${typed.since}" />
    <label for="search-until">Started on or before</label>
    <input id="search-until" type="date" name="until" value="${typed.until}" />
  </div>`;
}

function results(
  typed: Typed,
  { hits, total, totalCapped }: Pick<SearchPage, 'hits' | 'total' | 'totalCapped'>,
  page: number,
  names: ReadonlyMap<string, string>,
  time: TimeContext,
): SafeHtml {
  const { q } = typed;
  const first = (page - 1) * SEARCH_PAGE_SIZE + 1;
  // Counting stops at SEARCH_COUNT_CAP: "1,000+ incidents match", narrowing reaches the rest.
  const count = `${total.toLocaleString('en-US')}${totalCapped ? '+' : ''}`;
  const capped = totalCapped
    ? ` of the first ${total.toLocaleString('en-US')} found, newest first. Narrow by provider or date to reach the others.`
    : '.';
  const matches = `${count} ${total === 1 && !totalCapped ? 'incident matches' : 'incidents match'}`;
  const summary =
    total === 0
      ? `No incident matches “${q}”.`
      : hits.length === 0
        ? `${matches}; this page is past the last one.`
        : `${matches}; showing ${first}–${first + hits.length - 1}${capped}`;
  const href = (p: number) => withQuery('/search', { ...typed, page: p === 1 ? undefined : p });
  return html`<p role="status">${summary}</p>
    <ol class="search-results" start="${first}">
      ${hits.map(
        ({ incident: i, snippet }) =>
          html`<li>
            <a class="incident-title" href="${incidentHref(i.providerSlug, i.vendorId)}"
              >${i.title}</a
            >
            <div class="meta">
              ${names.get(i.providerSlug) ?? i.providerSlug} ${kindBadge(i.kind)}
              ${i.kind === 'incident' ? impactBadge(i.impact) : ''} ${incidentStatusBadge(i.status)}
              started ${absoluteTag(startOf(i), time)}
            </div>
            <p class="snippet">${snippetHtml(snippet)}</p>
          </li>`,
      )}
    </ol>
    <nav aria-label="Result pages" class="pager">
      ${page > 1 && hits.length === 0 && total > 0 ? html`<a href="${href(1)}">First page</a>` : ''}
      ${page > 1 && hits.length > 0 ? html`<a href="${href(page - 1)}" rel="prev">Previous</a>` : ''}
      ${first + hits.length - 1 < total ? html`<a href="${href(page + 1)}" rel="next">Next</a>` : ''}
    </nav>`;
}
