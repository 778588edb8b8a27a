import { generateAtomFeed } from 'feedsmith';
import type { Feed } from './_feed-items.ts';

/** An Atom 1.0 document (RFC 4287), written by feedsmith. Entry content is escaped HTML. */
export function atomFeed(feed: Feed): string {
  const updated = Math.max(0, ...feed.items.map((i) => i.updatedAt));
  return generateAtomFeed({
    id: feed.selfUrl,
    title: { value: feed.title },
    updated: new Date(updated === 0 ? feed.now : updated),
    links: [
      { rel: 'self', type: 'application/atom+xml', href: feed.selfUrl },
      { rel: 'alternate', type: 'text/html', href: feed.pageUrl },
    ],
    generator: { text: 'statuswatch' },
    entries: feed.items.map((item) => ({
      id: item.id,
      title: { value: item.title },
      links: [{ rel: 'alternate', type: 'text/html', href: item.link }],
      published: new Date(item.publishedAt),
      updated: new Date(item.updatedAt),
      summary: { value: item.summary },
      content: { type: 'html', value: item.contentHtml },
    })),
  });
}
