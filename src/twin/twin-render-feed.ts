import { UPDATE_STATUS_LABELS, escapeHtml } from '../domain/index.ts';
import type { EpochMs } from '../domain/index.ts';
import { shownAt, type IncidentAt } from './incident-at.ts';
import { viewsAt } from './twin-render-json.ts';
import type { TimedUpdate, VendorHistory } from './vendor-history.ts';

/**
 * history.atom and history.rss at time t: the 25 most recent incidents and maintenances
 * (github__history.atom holds 25 entries), each entry's updates newest first as escaped HTML.
 * Markup copied from the replay captures (2022-06-11T21-31-11Z.atom) and digitalocean__history.rss.
 */
export function renderAtom(h: VendorHistory, t: EpochMs): string {
  const host = new URL(h.page.url).host;
  const entries = recent(h, t).map((v) => {
    const at = isoSeconds(v.updatedAt);
    return [
      '  <entry>',
      `    <id>tag:${host},2005:Incident/${numericIdOf(v.history.incident.vendorId)}</id>`,
      `    <published>${at}</published>`,
      `    <updated>${at}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeHtml(linkOf(h, v))}"/>`,
      `    <title>${escapeHtml(v.history.incident.title)}</title>`,
      `    <content type="html">${escapeHtml(entryHtml(v))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">',
    `  <id>tag:${host},2005:/history</id>`,
    `  <link rel="alternate" type="text/html" href="${escapeHtml(h.page.url)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeHtml(h.page.url)}/history.atom"/>`,
    `  <title>${escapeHtml(h.page.name)} Status - Incident History</title>`,
    `  <updated>${isoSeconds(newest(h, t))}</updated>`,
    '  <author>',
    `    <name>${escapeHtml(h.page.name)}</name>`,
    '  </author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** RSS 2.0 as digitalocean__history.rss and streamyard__history.rss. */
export function renderRss(h: VendorHistory, t: EpochMs): string {
  const items = recent(h, t).map((v) =>
    [
      '    <item>',
      `      <title>${escapeHtml(v.history.incident.title)}</title>`,
      `      <description>\n${escapeHtml(entryHtml(v))}      </description>`,
      `      <pubDate>${new Date(v.updatedAt).toUTCString().replace('GMT', '+0000')}</pubDate>`,
      `      <link>${escapeHtml(linkOf(h, v))}</link>`,
      `      <guid>${escapeHtml(linkOf(h, v))}</guid>`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${escapeHtml(h.page.name)} Status - Incident History</title>`,
    `    <link>${escapeHtml(h.page.url)}</link>`,
    '    <description>Statuspage</description>',
    `    <pubDate>${new Date(newest(h, t)).toUTCString().replace('GMT', '+0000')}</pubDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

// --- internal ---

/** Newest first by their latest update, as `<published>` runs in github__history.atom. */
function recent(h: VendorHistory, t: EpochMs): IncidentAt[] {
  return viewsAt(h, t)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, 25);
}

function newest(h: VendorHistory, t: EpochMs): EpochMs {
  return recent(h, t)[0]?.updatedAt ?? h.incidents.at(-1)?.appearsAt ?? 0;
}

function linkOf(h: VendorHistory, v: IncidentAt): string {
  return `${h.page.url}/incidents/${v.history.incident.vendorId}`;
}

/** `<p><small>Jun <var data-var='date'> 8</var>, <var data-var='time'>19:13</var> UTC</small><br><strong>Resolved</strong> - …</p>` */
function entryHtml(v: IncidentAt): string {
  return [...v.updates].reverse().map(updateHtml).join('');
}

function updateHtml(u: TimedUpdate): string {
  const at = new Date(shownAt(u) ?? u.appearsAt);
  const month = at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(at.getUTCDate()).padStart(2, ' ');
  const time = at.toISOString().slice(11, 16);
  const label = u.update.label ?? UPDATE_STATUS_LABELS[u.update.status];
  return (
    `<p><small>${month} <var data-var='date'>${day}</var>, <var data-var='time'>${time}</var> UTC</small>` +
    `<br><strong>${escapeHtml(label)}</strong> - ${u.update.bodyHtml}</p>`
  );
}

/** invented variation: the JSON API shows no numeric incident id; a stable number stands in. */
function numericIdOf(code: string): number {
  let n = 0;
  for (const ch of code) n = (n * 31 + ch.charCodeAt(0)) % 90_000_000;
  return 10_000_000 + n;
}

function isoSeconds(at: EpochMs): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
