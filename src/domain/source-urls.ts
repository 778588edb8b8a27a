import type { SourceFormat } from './vocabulary.ts';

/** Where a Statuspage-style site keeps each payload, below its page URL. */
export const STATUSPAGE_PATHS = {
  summary: '/api/v2/summary.json',
  incidents: '/api/v2/incidents.json',
  atom: '/history.atom',
  rss: '/history.rss',
} as const;

/** The human page a source URL belongs to: `…/api/v2/summary.json` → `…`. */
export function pageUrlOf(url: URL): string {
  const path = url.pathname.replace(FILE_SUFFIX, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/**
 * Where a format's payload lives on a status page, unless the URL already names it: the one
 * rule for `add`, the dashboard form and `import` (GCP, AWS and HTML pages have no summary.json).
 */
export function sourceUrlFor(url: URL, format: SourceFormat): string {
  if (FILE_SUFFIX.test(url.pathname)) return url.href;
  const base = pageUrlOf(url);
  switch (format) {
    case 'statuspage-v2':
    case 'incidentio':
      return `${base}${STATUSPAGE_PATHS.summary}`;
    case 'statuspage-feed':
      return `${base}${STATUSPAGE_PATHS.atom}`;
    case 'gcp':
      return `${base}/incidents.json`;
    case 'aws':
      return `${base}/data.json`;
    case 'statuspage-html':
      return `${base}/history`;
  }
}

// --- internal ---

const FILE_SUFFIX = /\/(api\/v2\/[\w/.-]+\.json|history\.(atom|rss))$/;
