import {
  SOURCE_FORMATS,
  StatuswatchError,
  isOneOf,
  pageUrlOf,
  sourceUrlFor,
  type EpochMs,
  type Provider,
  type SourceFormat,
} from '../domain/index.ts';
import { DEFAULT_POLL } from './poll-schedule.ts';

export interface ProviderRequest {
  url: string;
  format?: string;
  name?: string;
  slug?: string;
  pollIntervalSeconds?: number;
}

/** Parses a user-typed status page URL; `bad_url` unless it is absolute http(s). */
export function parseStatusUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new StatuswatchError('bad_url', `not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StatuswatchError(
      'bad_url',
      `only http and https URLs can be watched, not ${url.protocol}`,
    );
  }
  if (url.hostname === '') throw new StatuswatchError('bad_url', `URL has no host: ${raw}`);
  return url;
}

export function parseFormat(raw: string): SourceFormat {
  if (isOneOf(SOURCE_FORMATS, raw)) return raw;
  throw new StatuswatchError(
    'invalid_input',
    `unknown format "${raw}" (known: ${SOURCE_FORMATS.join(', ')})`,
  );
}

/** "status.example.com" → "example"; "www.githubstatus.com" → "githubstatus". */
export function slugFor(nameOrHost: string): string {
  const base = nameOrHost
    .toLowerCase()
    .replace(/^(www|status)\./, '')
    .replace(/\.(com|io|net|org|dev|app|co|cloud)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return base === '' ? 'provider' : base;
}

/** A complete Provider from a request whose format is known. Pure. */
export function planProvider(
  request: ProviderRequest & { format: string },
  now: EpochMs,
  pageName?: string | null,
): Provider {
  const url = parseStatusUrl(request.url);
  const format = parseFormat(request.format);
  const name = request.name ?? pageName ?? url.hostname;
  const slug = request.slug ?? slugFor(request.name ?? url.hostname);
  requireSlug(slug);
  const intervalMs = (request.pollIntervalSeconds ?? DEFAULT_POLL.intervalMs / 1000) * 1000;
  return {
    slug,
    name,
    pageUrl: pageUrlOf(url),
    sourceUrl: sourceUrlFor(url, format),
    format,
    poll: {
      intervalMs,
      openIncidentIntervalMs: Math.min(intervalMs, DEFAULT_POLL.openIncidentIntervalMs),
    },
    createdAt: now,
  };
}

/** A provider slug names folders, URLs and CLI arguments: lowercase letters, digits, dashes. */
export function requireSlug(slug: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
    throw new StatuswatchError(
      'invalid_input',
      `slug "${slug}" must be lowercase letters, digits and dashes`,
    );
}
