import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SourceFormat } from '../domain/index.ts';

/** Status-page platforms as the shared vendor list normalises them (see PROVENANCE.md). */
export const CATALOG_PLATFORMS = [
  'statuspage',
  'incidentio',
  'instatus',
  'betterstack',
  'statusio',
  'statuscast',
  'sorry',
  'statuspal',
  'site24x7',
  'statuscake',
  'statushub',
  'lambstatus',
  'cstate',
  'custom',
  'aws',
  'gcp',
  'azure',
  'slack',
  'heroku',
] as const;
export type CatalogPlatform = (typeof CATALOG_PLATFORMS)[number];

const webUrl = z.url({ protocol: /^https?$/ });

export const catalogEntrySchema = z.object({
  name: z.string().min(1),
  url: webUrl,
  platform: z.enum(CATALOG_PLATFORMS).nullable(),
  feed: webUrl.nullable(),
  aliases: z.array(z.string().min(1)),
  category: z.string().min(1).nullable(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.array(catalogEntrySchema);

/** Every vendor in the shipped catalog, sorted by name. Read from disk once, on first use. */
export function loadCatalog(): CatalogEntry[] {
  return indexedCatalog().map((item) => item.entry);
}

/**
 * Vendors whose name, alias or host contains `query`, ignoring case. Exact name/alias matches
 * come first, then prefixes, then substrings, then host substrings; ties are ordered by name.
 */
export function searchCatalog(query: string, limit = 20): CatalogEntry[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const ranked: { item: IndexedEntry; rank: number }[] = [];
  for (const item of indexedCatalog()) {
    const rank = searchRank(item, q);
    if (rank !== null) ranked.push({ item, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.item.order - b.item.order);
  return ranked.slice(0, Math.max(0, limit)).map((r) => r.item.entry);
}

/**
 * The vendor a person means by `nameOrSlug`: its name, an alias, a slug of either ("github",
 * "google-cloud"), or its status page's host or URL ("githubstatus.com"). When several vendors
 * share a name, the one whose platform we know wins, so that `add` can pick a format.
 */
export function findCatalogEntry(nameOrSlug: string): CatalogEntry | null {
  const wanted = nameOrSlug.trim();
  if (wanted === '') return null;
  const lower = wanted.toLowerCase();
  const compact = compactForm(wanted);
  const address = addressOf(wanted);
  let best: { item: IndexedEntry; rank: number } | null = null;
  for (const item of indexedCatalog()) {
    const rank = findRank(item, lower, compact, address);
    if (rank === null) continue;
    if (best === null || rank < best.rank || (rank === best.rank && prefer(item, best.item))) {
      best = { item, rank };
    }
  }
  return best?.item.entry ?? null;
}

/** Platforms whose pages we can poll directly; for the rest, `detect` must find out. */
const FORMAT_BY_PLATFORM: Partial<Record<CatalogPlatform, SourceFormat>> = {
  statuspage: 'statuspage-v2',
  incidentio: 'incidentio',
};

/** The source format a vendor's platform implies, or null when it implies none we read. */
export function formatHint(entry: Pick<CatalogEntry, 'platform'>): SourceFormat | null {
  return entry.platform === null ? null : (FORMAT_BY_PLATFORM[entry.platform] ?? null);
}

// --- internal ---

interface IndexedEntry {
  entry: CatalogEntry;
  /** Position in the name-sorted catalog, the tie-breaker everywhere. */
  order: number;
  /** Lower-cased name first, then aliases. */
  names: string[];
  /** The same, with everything but letters and digits dropped, so "google-cloud" finds "Google Cloud". */
  compactNames: string[];
  /** Host without "www.", and host plus path without a trailing "/". */
  host: string;
  hostAndPath: string;
}

let cache: IndexedEntry[] | undefined;

function indexedCatalog(): IndexedEntry[] {
  cache ??= readCatalogFile().map(indexEntry);
  return cache;
}

function readCatalogFile(): CatalogEntry[] {
  const text = readFileSync(new URL('./catalog.json', import.meta.url), 'utf8');
  return catalogSchema.parse(JSON.parse(text));
}

function indexEntry(entry: CatalogEntry, order: number): IndexedEntry {
  const names = [entry.name, ...entry.aliases].map((n) => n.toLowerCase());
  const address = addressOf(entry.url);
  return {
    entry,
    order,
    names,
    compactNames: names.map(compactForm).filter((n) => n !== ''),
    host: address?.host ?? '',
    hostAndPath: address?.hostAndPath ?? '',
  };
}

function searchRank(item: IndexedEntry, q: string): number | null {
  if (item.names.includes(q)) return 0;
  if (item.names.some((n) => n.startsWith(q))) return 1;
  if (item.names.some((n) => n.includes(q))) return 2;
  if (item.host.includes(q)) return 3;
  return null;
}

function findRank(
  item: IndexedEntry,
  lower: string,
  compact: string,
  address: Address | null,
): number | null {
  if (item.names[0] === lower) return 0;
  if (item.names.includes(lower)) return 1;
  if (compact !== '' && item.compactNames.includes(compact)) return 2;
  if (address === null) return null;
  if (item.hostAndPath === address.hostAndPath) return 3;
  if (item.host === address.host) return 4;
  return null;
}

/** Between equally good matches: a known format, then any known platform, then name order. */
function prefer(candidate: IndexedEntry, current: IndexedEntry): boolean {
  const score = (i: IndexedEntry): number =>
    (formatHint(i.entry) !== null ? 2 : 0) + (i.entry.platform !== null ? 1 : 0);
  const diff = score(candidate) - score(current);
  return diff > 0 || (diff === 0 && candidate.order < current.order);
}

function compactForm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

interface Address {
  host: string;
  hostAndPath: string;
}

/** Host (and path) of a URL or bare host name; null for anything without a dot, like "github". */
function addressOf(text: string): Address | null {
  if (!text.includes('.')) return null;
  const url = URL.parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  if (url === null || url.hostname === '') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  return { host, hostAndPath: host + url.pathname.replace(/\/+$/, '') };
}
