import type { FastifyRequest } from 'fastify';
import { startOf, type StoredIncident } from '../../domain/index.ts';
import type { Store } from '../../storage/store.ts';
import { summarySentence } from '../_incident-view.ts';
import { incidentHref } from '../_links.ts';

export const FEED_SIZE = 50;

/** One incident as a feed entry, in plain terms both Atom and RSS can carry. */
export interface FeedItem {
  id: string;
  title: string;
  link: string;
  updatedAt: number;
  publishedAt: number;
  summary: string;
  /** The newest update body (sanitized HTML), when there is one. */
  latestHtml: string | null;
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
  return {
    id: link,
    title: `${providerName}: ${i.title} (${i.status.replace(/_/g, ' ')})`,
    link,
    updatedAt: i.lastChangedAt,
    publishedAt: startOf(i) ?? i.firstSeenAt,
    summary: summarySentence(i, providerName, 'UTC', now),
    latestHtml: i.updates.at(-1)?.bodyHtml ?? null,
  };
}
