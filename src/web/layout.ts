import { html, trustedHtml, type SafeHtml } from './html.ts';
import type { TimeContext } from './_time.ts';

export interface PageContext {
  time: TimeContext;
  /** The request path and query, for the time-zone form to come back to. */
  path: string;
}

export interface PageOptions {
  title: string;
  ctx: PageContext;
  main: SafeHtml;
  /** Extra `<link>` elements (feeds) for the head. */
  head?: SafeHtml;
  /** Breadcrumb links above the title, outermost first. */
  crumbs?: { href: string; label: string }[];
}

/**
 * The shell of every HTML page: skip link, site navigation, main, and a footer saying which
 * time zone times are in, with a form to change it that works without JavaScript.
 */
export function layout(options: PageOptions): string {
  const { ctx } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>${options.title} · statuswatch</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/atom+xml" title="All incidents" href="/feed.atom" />
        ${options.head}
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <nav aria-label="Site">
            <a class="brand" href="/">statuswatch</a>
            <ul>
              <li><a href="/">Dashboard</a></li>
              <li><a href="/incidents">Incidents</a></li>
              <li><a href="/api/docs">API</a></li>
            </ul>
            <form
              class="site-search"
              role="search"
              aria-label="Search all incidents"
              method="get"
              action="/search"
            >
              <label for="site-search-q" class="visually-hidden">Search incidents</label>
              <input
                id="site-search-q"
                type="search"
                name="q"
                maxlength="200"
                placeholder="Search incidents"
                value="${headerQuery(ctx.path)}"
              />
              <button type="submit">Search</button>
            </form>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          ${options.crumbs === undefined ? '' : crumbs(options.crumbs)} ${options.main}
        </main>
        ${FOOTER_START}${timeZoneForm(ctx)}</footer>
      </body>
    </html> `.value;
}

/**
 * Where the footer starts: `_archive.ts` puts the archive line right after it. A plain string,
 * not an html`` template: Prettier formats those as HTML and would close the tag here.
 */
export const FOOTER_START = trustedHtml('<footer class="site-footer">');

/**
 * The quiet line of `serve --no-poll`: nothing is being polled, and how far the stored history
 * goes (a UTC day), so nobody mistakes an archive for a live view.
 */
export function archiveLine(newestDataTime: number | null): SafeHtml {
  const through =
    newestDataTime === null
      ? 'no data stored yet'
      : `data through ${new Date(newestDataTime).toISOString().slice(0, 10)}`;
  return html`<p class="archive-note quiet">Archive: not polling; ${through}</p>`;
}

// --- internal ---

function crumbs(items: { href: string; label: string }[]): SafeHtml {
  return html`<nav aria-label="Breadcrumb" class="crumbs">
    <ol>
      ${items.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}
    </ol>
  </nav>`;
}

/** On the search page the header box keeps what was searched for. */
function headerQuery(path: string): string {
  if (!path.startsWith('/search')) return '';
  return new URL(path, 'http://local').searchParams.get('q')?.slice(0, 200) ?? '';
}

function timeZoneForm(ctx: PageContext): SafeHtml {
  return html`<form method="post" action="/preferences/time-zone" class="tz-form">
    <p>Times are shown in <strong>${ctx.time.tz}</strong>.</p>
    <input type="hidden" name="back" value="${ctx.path}" />
    <label for="tz-input">Time zone</label>
    <input
      id="tz-input"
      name="tz"
      value="${ctx.time.tz}"
      maxlength="64"
      autocomplete="off"
      list="tz-names"
      aria-describedby="tz-hint"
    />
    <datalist id="tz-names"></datalist>
    <button type="submit">Use this time zone</button>
    <button type="button" data-browser-zone hidden>Use my browser's zone</button>
    <p id="tz-hint" class="quiet">An IANA name such as Europe/Berlin or Asia/Kolkata.</p>
  </form>`;
}
