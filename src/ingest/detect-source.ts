import {
  StatuswatchError,
  describeError,
  pageUrlOf,
  STATUSPAGE_PATHS,
  type ErrorKind,
  type Snapshot,
  type SourceFormat,
} from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import { SOURCES } from '../sources/index.ts';
import { parseStatusUrl } from './plan-provider.ts';

export interface Detected {
  format: SourceFormat;
  sourceUrl: string;
  snapshot: Snapshot;
}

const PROBES = [STATUSPAGE_PATHS.summary, STATUSPAGE_PATHS.atom, STATUSPAGE_PATHS.rss];

/**
 * Finds the richest format a status page offers: Statuspage JSON first (components and
 * impact), then the Atom and RSS history feeds, then a feed the HTML page links to. Gives up
 * after `deadlineMs` with the reason of each probe.
 */
export async function detectSource(
  fetcher: Fetcher,
  rawUrl: string,
  deadlineMs = 10_000,
): Promise<Detected> {
  const url = parseStatusUrl(rawUrl);
  // Aborting the probe in flight lets the caller close its fetcher at once.
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(
        new StatuswatchError(
          'timeout',
          `no status page format detected at ${url.href} within ${deadlineMs / 1000} s`,
        ),
      );
    }, deadlineMs);
  });
  try {
    return await Promise.race([probeAll(fetcher, url, abort.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// --- internal ---

async function probeAll(fetcher: Fetcher, url: URL, signal: AbortSignal): Promise<Detected> {
  const reasons: Reason[] = [];
  const base = pageUrlOf(url);
  const candidates = /\.(json|atom|rss|xml)$/.test(url.pathname)
    ? [url.href]
    : PROBES.map((p) => base + p);
  for (const candidate of candidates) {
    const found = await tryPayload(fetcher, candidate, reasons, signal);
    if (found !== null) return found;
  }
  const linked = await linkedFeeds(fetcher, base, reasons, signal);
  for (const candidate of linked) {
    const found = await tryPayload(fetcher, candidate, reasons, signal);
    if (found !== null) return found;
  }
  const words = reasons.map((r) => r.text).join('; ');
  // Every probe failed the same way on the network (no DNS, offline): that is the failure, not
  // a missing format; the user fixes their network, not the URL.
  const kinds = new Set(reasons.map((r) => r.kind));
  const [only] = kinds;
  if (kinds.size === 1 && only != null && NETWORK_KINDS.has(only)) {
    throw new StatuswatchError(only, `${base} could not be reached: ${words}`);
  }
  throw new StatuswatchError(
    'unsupported_format',
    `no supported status page format at ${base}: ${words}`,
  );
}

/** Why one probe found nothing, with its error kind when it failed (null: not a format). */
interface Reason {
  kind: ErrorKind | null;
  text: string;
}

const NETWORK_KINDS = new Set<ErrorKind | null>(['dns', 'connect', 'timeout']);

function reasonOf(url: string, error: unknown): Reason {
  const kind = error instanceof StatuswatchError ? error.kind : null;
  return { kind, text: `${url}: ${describeError(error)}` };
}

async function tryPayload(
  fetcher: Fetcher,
  url: string,
  reasons: Reason[],
  signal: AbortSignal,
): Promise<Detected | null> {
  try {
    const res = await fetcher.fetch({ url, signal });
    if (res.kind !== 'ok') return null;
    const meta = { url: res.url, fetchedAt: Date.now(), contentType: res.contentType };
    const source = SOURCES.find((s) => s.detect(res.body, meta));
    if (source === undefined) {
      reasons.push({ kind: null, text: `${url}: not a known format` });
      return null;
    }
    return { format: source.format, sourceUrl: res.url, snapshot: source.parse(res.body, meta) };
  } catch (error) {
    // A blocked address is the user's configuration speaking, not a missing format: stop.
    if (error instanceof StatuswatchError && error.kind === 'blocked_address') throw error;
    reasons.push(reasonOf(url, error));
    return null;
  }
}

async function linkedFeeds(
  fetcher: Fetcher,
  pageUrl: string,
  reasons: Reason[],
  signal: AbortSignal,
): Promise<string[]> {
  try {
    const res = await fetcher.fetch({ url: pageUrl, accept: 'text/html', signal });
    if (res.kind !== 'ok') return [];
    return alternateLinks(res.body, res.url);
  } catch (error) {
    reasons.push(reasonOf(pageUrl, error));
    return [];
  }
}

/** `<link rel="alternate" type="application/atom+xml" href="…">` targets, absolute. */
export function alternateLinks(html: string, baseUrl: string): string[] {
  const links: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/rel=["']?alternate/i.test(tag) || !/(atom|rss)\+xml|json/i.test(tag)) continue;
    const href = /href=["']([^"']+)["']/i.exec(tag)?.[1];
    if (href === undefined) continue;
    try {
      links.push(new URL(href.replace(/&amp;/g, '&'), baseUrl).href);
    } catch {
      // An unusable href is skipped; the other probes' reasons explain the failure.
    }
  }
  return links;
}
