import { generateRssFeed } from 'feedsmith';
import type { Feed } from './_feed-items.ts';

/** An RSS 2.0 document, written by feedsmith; descriptions are escaped HTML. */
export function rssFeed(feed: Feed): string {
  return generateRssFeed({
    title: feed.title,
    link: feed.pageUrl,
    description: feed.title,
    lastBuildDate: new Date(feed.now),
    generator: 'statuswatch',
    atom: { links: [{ href: feed.selfUrl, rel: 'self', type: 'application/rss+xml' }] },
    items: feed.items.map((item) => ({
      title: item.title,
      link: item.link,
      guid: { value: item.id, isPermaLink: true },
      // The same date as Atom's <published>, so both list items in the same order.
      pubDate: new Date(item.publishedAt),
      description: item.contentHtml,
    })),
  });
}
