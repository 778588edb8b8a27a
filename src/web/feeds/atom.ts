import { html } from '../html.ts';
import { vendorHtml } from '../_vendor-html.ts';
import type { FeedItem } from './_feed-items.ts';

/** An Atom 1.0 document (RFC 4287). Entry content is escaped HTML, never raw markup. */
export function atomFeed(feed: {
  title: string;
  selfUrl: string;
  pageUrl: string;
  items: FeedItem[];
  now: number;
}): string {
  const updated = Math.max(0, ...feed.items.map((i) => i.updatedAt));
  return html`<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
      <title>${feed.title}</title>
      <id>${feed.selfUrl}</id>
      <link rel="self" type="application/atom+xml" href="${feed.selfUrl}" />
      <link rel="alternate" type="text/html" href="${feed.pageUrl}" />
      <updated>${new Date(updated === 0 ? feed.now : updated).toISOString()}</updated>
      <generator>statuswatch</generator>
      ${feed.items.map(
        (item) => html`
          <entry>
            <title>${item.title}</title>
            <id>${item.id}</id>
            <link rel="alternate" type="text/html" href="${item.link}" />
            <published>${new Date(item.publishedAt).toISOString()}</published>
            <updated>${new Date(item.updatedAt).toISOString()}</updated>
            <summary>${item.summary}</summary>
            <content type="html"
              >${`<p>${escapeText(item.summary)}</p>${item.latestHtml === null ? '' : vendorHtml(item.latestHtml).value}`}</content
            >
          </entry>
        `,
      )}</feed
    > `.value;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
