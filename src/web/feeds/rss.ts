import { html } from '../html.ts';
import { vendorHtml } from '../_vendor-html.ts';
import type { FeedItem } from './_feed-items.ts';

/** An RSS 2.0 document; descriptions are escaped HTML. */
export function rssFeed(feed: {
  title: string;
  selfUrl: string;
  pageUrl: string;
  items: FeedItem[];
  now: number;
}): string {
  return html`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${feed.title}</title>
    <link>${feed.pageUrl}</link>
    <description>${feed.title}</description>
    <atom:link href="${feed.selfUrl}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${new Date(feed.now).toUTCString()}</lastBuildDate>
    <generator>statuswatch</generator>
${feed.items.map(
  (item) => html`    <item>
      <title>${item.title}</title>
      <link>${item.link}</link>
      <guid isPermaLink="true">${item.id}</guid>
      <pubDate>${new Date(item.updatedAt).toUTCString()}</pubDate>
      <description>${`<p>${item.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>${item.latestHtml === null ? '' : vendorHtml(item.latestHtml).value}`}</description>
    </item>
`,
)}  </channel>
</rss>
`.value;
}
