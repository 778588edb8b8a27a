import type { PageConfig } from '../../config/index.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * The frame of the own page's public pages (home, history): a header with the page's name, the
 * page itself, and a footer with its feeds and JSON, as an Atlassian Statuspage page frames
 * them. Nothing from the dashboard (its navigation, stylesheet, script): these pages face the
 * page's readers, on the public listener too, which serves /status alone. No script at all.
 */
export function statusFrame(options: {
  page: PageConfig;
  title: string;
  main: SafeHtml;
  /** The header's name is a link home except on the home page itself. */
  home?: boolean;
}): string {
  const { page } = options;
  const name = options.home === true ? html`${page.name}` : html`<a href="/status">${page.name}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>${options.title}</title>
        <link rel="stylesheet" href="/status/static/status.css" />
        <link rel="icon" href="/status/static/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/atom+xml" href="/status/history.atom" title="${page.name} Status - Incident History" />
        <link rel="alternate" type="application/rss+xml" href="/status/history.rss" title="${page.name} Status - Incident History" />
      </head>
      <body class="sp">
        <a class="sp-skip" href="#main">Skip to content</a>
        <header class="sp-header"><p class="sp-name">${name}</p></header>
        <main id="main" class="sp-main">${options.main}</main>
        <footer class="sp-footer">
          <p>
            <a href="/status/history">Incident history</a> ·
            <a href="/status/history.atom">Atom feed</a> ·
            <a href="/status/history.rss">RSS feed</a> ·
            <a href="/status/api/v2/summary.json">JSON</a>
          </p>
          <p>Times in ${page.timeZone}. Powered by statuswatch.</p>
        </footer>
      </body>
    </html>`.toString();
} // prettier-ignore
