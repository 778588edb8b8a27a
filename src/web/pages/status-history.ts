import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PageConfig } from '../../config/index.ts';
import type { StoredIncident } from '../../domain/index.ts';
import { htmlToText } from '../../sources/index.ts';
import type { WebDeps } from '../_deps.ts';
import { HTML, notFound, pageParam, parseQuery, sendResponse } from '../_http.ts';
import { html, type SafeHtml } from '../html.ts';
import { statusFrame } from './_status-frame.ts';
import { impactClass, impactTag, labelled, startOf } from './_status-parts.ts';
import { localDate, monthBefore, monthHeading, monthStart, spanStamp } from './_status-time.ts';

/** Statuspage's history shows three months a page, newest first, empty months included. */
const MONTHS_PER_PAGE = 3;
/** Past this many in three months the page would be a wall: the rest are counted, not listed. */
const MAX_LISTED = 500;
const EXCERPT = 280;
const EPOCH_FLOOR = Date.UTC(1990, 0, 1);

const query = z.object({ page: pageParam });

/**
 * `/status/history`: the own page's incidents and maintenances month by month, newest first,
 * each a link to its report with the latest update's words and its span in the page's zone.
 * Pages of three months, as Statuspage's `/history?page=2`; "Older" only when there is more.
 */
export function registerStatusHistory(app: FastifyInstance, deps: WebDeps, page: PageConfig): void {
  app.get('/status/history', async (request, reply) => {
    const { page: n } = parseQuery(query, request.query);
    const response = await deps.cache.get(`own|/status/history?page=${String(n)}`, async () => {
      const body = await statusHistory(deps, page, n);
      return { body, contentType: HTML, tags: [page.slug] };
    });
    return sendResponse(reply, response);
  });
} // prettier-ignore

// --- internal ---

interface Month {
  year: number;
  month: number;
  start: number;
}

async function statusHistory(deps: WebDeps, page: PageConfig, n: number): Promise<string> {
  const zone = page.timeZone;
  const now = deps.clock();
  const months: Month[] = Array.from({ length: MONTHS_PER_PAGE }, (_, k) => {
    const { year, month } = monthBefore(now, zone, (n - 1) * MONTHS_PER_PAGE + k);
    return { year, month, start: monthStart(year, month, zone) };
  });
  const newest = months[0];
  const oldest = months.at(-1);
  if (newest === undefined || oldest === undefined) throw new Error('no months');
  // Nothing is dated before 1990 (domain/epoch.ts): a page that far back is not there.
  if (newest.start < EPOCH_FLOOR) throw notFound(`no history page ${String(n)}`);
  const next = monthBefore(now, zone, (n - 1) * MONTHS_PER_PAGE - 1);
  const until = n === 1 ? undefined : monthStart(next.year, next.month, zone);
  const slug = page.slug;
  const [listed, older] = await Promise.all([
    deps.store.listIncidents({ providerSlug: slug, since: oldest.start, ...(until === undefined ? {} : { until }), limit: MAX_LISTED }),
    deps.store.listIncidents({ providerSlug: slug, until: oldest.start, limit: 1 }),
  ]); // prettier-ignore
  const range = `${monthHeading(oldest.year, oldest.month)} - ${monthHeading(newest.year, newest.month)}`;
  const main = html`<h1>Incident History</h1>
    <nav class="sp-pager" aria-label="History pages">
      ${n > 1 ? html`<a href="${pageHref(n - 1)}" rel="prev">‹ Newer</a>` : null}
      <span>${range}</span>
      ${older.length > 0 ? html`<a href="${pageHref(n + 1)}" rel="next">Older ›</a>` : null}
    </nav>
    ${months.map((m) => monthSection(m, listed.filter((i) => !i.isTemplate && inMonth(i, m, zone)), zone))}
    ${listed.length === MAX_LISTED ? html`<p class="sp-quiet">The first ${MAX_LISTED} of these months are listed.</p>` : null}`;
  return statusFrame({ page, title: `${page.name} Status - Incident History`, main });
} // prettier-ignore

function pageHref(n: number): string {
  return n === 1 ? '/status/history' : `/status/history?page=${String(n)}`;
}

function inMonth(i: StoredIncident, m: Month, zone: string): boolean {
  const prefix = `${String(m.year)}-${String(m.month).padStart(2, '0')}-`;
  return localDate(startOf(i), zone).startsWith(prefix);
}

function monthSection(m: Month, list: readonly StoredIncident[], zone: string): SafeHtml {
  const id = `month-${String(m.year)}-${String(m.month)}`;
  return html`<section class="sp-month" aria-labelledby="${id}">
    <h2 id="${id}">${monthHeading(m.year, m.month)}</h2>
    ${list.length === 0
      ? html`<p class="sp-quiet">No incidents reported for this month.</p>`
      : html`<ul class="sp-history">${list.map((i) => historyItem(i, zone))}</ul>`}
  </section>`;
} // prettier-ignore

/** Title (a link to the report), the latest update's words, then when it ran. */
function historyItem(i: StoredIncident, zone: string): SafeHtml {
  // The words as read (Markdown rendered, then as text), not the Markdown as typed.
  const newest = labelled(i.updates)[0]?.u;
  const latest = newest === undefined ? '' : htmlToText(newest.bodyHtml).replace(/\s+/g, ' ');
  const excerpt = latest.length > EXCERPT ? `${latest.slice(0, EXCERPT).trimEnd()}…` : latest;
  const maintenance = i.kind === 'maintenance' && i.scheduledFor !== null;
  const start = maintenance ? (i.scheduledFor ?? startOf(i)) : startOf(i);
  const end = maintenance ? i.scheduledUntil : i.resolvedAt;
  return html`<li class="sp-past impact-${impactClass(i)}">
    <h3><a href="/status/incidents/${i.vendorId}">${i.title}</a>${impactTag(i)}</h3>
    ${excerpt === '' ? null : html`<p>${excerpt}</p>`}
    <p class="sp-quiet">${spanStamp(start, end, zone)}</p>
  </li>`;
} // prettier-ignore
