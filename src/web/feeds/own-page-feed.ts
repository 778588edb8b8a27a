import type { FastifyInstance } from 'fastify';
import { generateAtomFeed, generateRssFeed } from 'feedsmith';
import type { PageConfig } from '../../config/index.ts';
import {
  UPDATE_STATUS_LABELS,
  escapeHtml,
  zonedParts,
  type IncidentUpdate,
  type StoredIncident,
} from '../../domain/index.ts';
import type { WebDeps } from '../_deps.ts';
import { sendResponse } from '../_http.ts';
import { xmlSafe } from './_feed-items.ts';

const FEED_SIZE = 50;

/**
 * `/status/history.atom` and `.rss`: the own page's incident history in Statuspage's own feed
 * layout (test/fixtures/vendors/statuspage-feed/streamyard__history.{atom,rss},
 * github__history.atom): title "<Page> Status - Incident History", entry ids
 * `tag:<host>,2005:Incident/<code>`, links to /incidents/<code>, and each entry's content the
 * updates newest first as `<p><small>Feb <var data-var='date'> 8</var>, <var
 * data-var='time'>09:00</var> UTC</small><br><strong>Resolved</strong> - body</p>`, in the
 * page's zone (feedsmith writes the document's own dates in UTC, as UTC pages do). Drafts
 * never show: a postmortem is in the feed once published.
 */
export function registerOwnPageFeeds(app: FastifyInstance, deps: WebDeps, page: PageConfig): void {
  const documents = { atom: ownAtom, rss: ownRss };
  for (const [ext, render] of Object.entries(documents)) {
    app.get(`/status/history.${ext}`, async (request, reply) => {
      const response = await deps.cache.get(`own|${request.url}`, async () => {
        const incidents = await deps.store.listIncidents({ providerSlug: page.slug, limit: FEED_SIZE });
        const type = ext === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
        return { body: render(page, incidents, deps.clock()), contentType: `${type}; charset=utf-8`, tags: [page.slug] };
      });
      return sendResponse(reply, response);
    });
  }
} // prettier-ignore

export function ownAtom(
  page: PageConfig,
  incidents: readonly StoredIncident[],
  now: number,
): string {
  const root = page.url.replace(/\/+$/, '');
  const host = new URL(root).host;
  const updated = Math.max(0, ...incidents.map((i) => i.lastChangedAt));
  return generateAtomFeed({
    id: `tag:${host},2005:/history`,
    title: { value: xmlSafe(`${page.name} Status - Incident History`) },
    updated: new Date(updated === 0 ? now : updated),
    links: [
      { rel: 'alternate', type: 'text/html', href: root },
      { rel: 'self', type: 'application/atom+xml', href: `${root}/history.atom` },
    ],
    authors: [{ name: xmlSafe(page.name) }],
    entries: incidents.map((i) => ({
      id: `tag:${host},2005:Incident/${i.vendorId}`,
      published: new Date(newestShown(i)),
      updated: new Date(i.lastChangedAt),
      links: [{ rel: 'alternate', type: 'text/html', href: `${root}/incidents/${i.vendorId}` }],
      title: { value: xmlSafe(i.title) },
      content: { type: 'html', value: entryHtml(i, page.timeZone) },
    })),
  });
}

export function ownRss(
  page: PageConfig,
  incidents: readonly StoredIncident[],
  now: number,
): string {
  const root = page.url.replace(/\/+$/, '');
  return generateRssFeed({
    title: xmlSafe(`${page.name} Status - Incident History`),
    link: root,
    // Statuspage writes its own name here (streamyard__history.rss).
    description: 'Statuspage',
    pubDate: new Date(now),
    items: incidents.map((i) => ({
      title: xmlSafe(i.title),
      description: entryHtml(i, page.timeZone),
      pubDate: new Date(newestShown(i)),
      link: `${root}/incidents/${i.vendorId}`,
      guid: { value: `${root}/incidents/${i.vendorId}`, isPermaLink: true },
    })),
  });
}

// --- internal ---

/**
 * Statuspage's <published> (and RSS <pubDate>) is the newest update's time, not the incident's
 * start: every capture's entry has it equal to its newest stamp (github__history.atom
 * "2026-08-18T11:42:59Z" beside "Aug 18, 11:42 UTC Resolved"). Feed readers infer the
 * stamps' year from it, so it must never precede one.
 */
function newestShown(i: StoredIncident): number {
  const shown = i.updates.map((u) => u.displayedAt ?? u.createdAt ?? 0);
  return Math.max(i.createdAt ?? i.firstSeenAt, ...shown);
}

/** The updates newest first; one that repeats the previous status is labelled "Update". */
function entryHtml(i: StoredIncident, zone: string): string {
  let previous: string | null = null;
  const parts = i.updates.map((u) => {
    const label =
      u.status !== 'postmortem' && u.status === previous
        ? 'Update'
        : UPDATE_STATUS_LABELS[u.status];
    previous = u.status;
    const body = escapeHtml(u.bodyText).replace(/\n/g, '<br />');
    return `<p><small>${stamp(u, zone)}</small><br><strong>${label}</strong> - ${body}</p>`;
  });
  return xmlSafe(parts.reverse().join(''));
}

/** "Feb <var data-var='date'> 8</var>, <var data-var='time'>09:00</var> UTC", in the zone. */
function stamp(u: IncidentUpdate, zone: string): string {
  const p = zonedParts(u.displayedAt ?? u.createdAt ?? 0, zone);
  return `${p.month} <var data-var='date'>${p.day.padStart(2, ' ')}</var>, <var data-var='time'>${p.hour}:${p.minute}</var> ${p.zoneName}`;
}
