import type { FastifyRequest } from 'fastify';
import type { StoredIncident } from '../../domain/index.ts';
import type { Store } from '../../storage/store.ts';
import { summarySentence } from '../_incident-view.ts';
import { incidentHref } from '../_links.ts';
import { vendorHtml } from '../_vendor-html.ts';
import { escapeHtml } from '../../domain/index.ts';

export const FEED_SIZE = 50;

/**
 * One incident as a feed entry, in plain terms both Atom and RSS can carry. One date rule for
 * both: items are ordered by `publishedAt` (when the incident started, as the store sorts),
 * which is Atom's <published> and RSS's <pubDate>; Atom adds <updated> (the last change).
 * Every string is free of characters XML 1.0 forbids.
 */
export interface FeedItem {
  id: string;
  title: string;
  link: string;
  updatedAt: number;
  publishedAt: number;
  summary: string;
  /** The summary sentence and the newest update body, as sanitized HTML. */
  contentHtml: string;
}

export interface Feed {
  title: string;
  selfUrl: string;
  pageUrl: string;
  items: FeedItem[];
  now: number;
}

/**
 * Removes what XML 1.0 cannot carry even escaped (C0 controls but tab, CR and LF; U+FFFE/FFFF;
 * lone surrogates): a vendor's U+000B in a title would make the whole feed unreadable.
 */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** Our origin as the client reached it, for the absolute links feeds need. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function feedItems(
  store: Store,
  origin: string,
  now: number,
  providerSlug?: string,
): Promise<FeedItem[]> {
  const [records, incidents] = await Promise.all([
    store.listProviders(),
    store.listIncidents({
      ...(providerSlug === undefined ? {} : { providerSlug }),
      limit: FEED_SIZE,
    }),
  ]);
  const names = new Map(records.map((r) => [r.provider.slug, r.provider.name]));
  return incidents.map((i) =>
    feedItem(i, names.get(i.providerSlug) ?? i.providerSlug, origin, now),
  );
}

// --- internal ---

function feedItem(i: StoredIncident, providerName: string, origin: string, now: number): FeedItem {
  const link = origin + incidentHref(i.providerSlug, i.vendorId);
  const summary = xmlSafe(summarySentence(i, providerName, 'UTC', now));
  const latest = i.updates.at(-1)?.bodyHtml;
  return {
    id: link,
    title: xmlSafe(`${providerName}: ${i.title} (${i.status.replace(/_/g, ' ')})`),
    link,
    updatedAt: i.lastChangedAt,
    publishedAt: i.startedAt ?? i.firstSeenAt,
    summary,
    contentHtml: xmlSafe(
      `<p>${escapeHtml(summary)}</p>${latest === undefined ? '' : vendorHtml(latest).value}`,
    ),
  };
}

const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- these control characters are the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
