import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../_deps.ts';
import { notFound, parseQuery, sendResponse } from '../_http.ts';
import { providerHref } from '../_links.ts';
import { atomFeed } from './atom.ts';
import { feedItems, originOf, xmlSafe } from './_feed-items.ts';
import { rssFeed } from './rss.ts';

const ATOM = 'application/atom+xml; charset=utf-8';
const RSS = 'application/rss+xml; charset=utf-8';
const params = z.object({ slug: z.string().min(1).max(100) });

/** `/feed.atom`, `/feed.rss` and `/providers/:slug/feed.atom`: the newest 50 incidents. */
export function registerFeeds(app: FastifyInstance, deps: WebDeps): void {
  const all = (format: 'atom' | 'rss') => async (request: FastifyRequest) => {
    const origin = originOf(request);
    const items = await feedItems(deps.store, origin, deps.clock());
    const feed = {
      title: 'statuswatch: all incidents',
      selfUrl: origin + (request.url.split('?')[0] ?? ''),
      pageUrl: `${origin}/incidents`,
      items,
      now: deps.clock(),
    };
    return format === 'atom'
      ? { body: atomFeed(feed), contentType: ATOM, tags: ['*'] }
      : { body: rssFeed(feed), contentType: RSS, tags: ['*'] };
  };
  for (const format of ['atom', 'rss'] as const) {
    app.get(`/feed.${format}`, async (request, reply) => {
      const response = await deps.cache.get(cacheKey(request), () => all(format)(request));
      return sendResponse(reply, response);
    });
  }
  app.get('/providers/:slug/feed.atom', async (request, reply) => {
    const { slug } = parseQuery(params, request.params);
    const response = await deps.cache.get(cacheKey(request), async () => {
      const record = await deps.store.getProvider(slug);
      if (record === null) throw notFound(`no provider "${slug}"`);
      const origin = originOf(request);
      const items = await feedItems(deps.store, origin, deps.clock(), slug);
      const body = atomFeed({
        title: xmlSafe(`statuswatch: ${record.provider.name} incidents`),
        selfUrl: origin + (request.url.split('?')[0] ?? ''),
        pageUrl: origin + providerHref(slug),
        items,
        now: deps.clock(),
      });
      return { body, contentType: ATOM, tags: [slug] };
    });
    return sendResponse(reply, response);
  });
}

/** Feeds hold absolute links built from Host, so the host is part of the key. */
function cacheKey(request: FastifyRequest): string {
  return `${originOf(request)}${request.url}`;
}
