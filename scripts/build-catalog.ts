/**
 * Builds src/catalog/catalog.json from the shared vendor list: the facts we use and nothing else,
 * defunct vendors dropped, sorted by name, one vendor per line so that a rebuild diffs cleanly.
 *
 *   npx tsx scripts/build-catalog.ts [path/to/providers.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CATALOG_PLATFORMS, catalogSchema, type CatalogEntry } from '../src/catalog/catalog.ts';

const DEFAULT_INPUT = fileURLToPath(
  new URL('../../shared/fixtures/catalog/providers.json', import.meta.url),
);
const OUTPUT = fileURLToPath(new URL('../src/catalog/catalog.json', import.meta.url));

const webUrl = z.url({ protocol: /^https?$/ });

/** The fields of the shared list that we read; the rest (sources, ids, domains…) is left behind. */
const providerSchema = z.object({
  name: z.string().trim().min(1),
  url: webUrl,
  names: z.array(z.string()).nullish(),
  aliases: z.array(z.string()).nullish(),
  platform: z.enum(CATALOG_PLATFORMS).nullish(),
  feed: webUrl.nullish(),
  category: z.string().nullish(),
  // A date or a note in some sources, a flag in others: any value at all means gone.
  defunct: z.union([z.boolean(), z.string()]).nullish(),
});
type Provider = z.infer<typeof providerSchema>;

/** Pure: the shared list (already JSON-parsed) → sorted catalog entries, defunct ones dropped. */
export function toCatalogEntries(providers: unknown): CatalogEntry[] {
  const entries = z
    .array(providerSchema)
    .parse(providers)
    .filter((p) => p.defunct === undefined || p.defunct === null || p.defunct === false)
    .map(toEntry)
    .sort(byName);
  return catalogSchema.parse(entries);
}

/** One vendor per line: a rebuild that changes one vendor changes one line. */
export function serializeCatalog(entries: CatalogEntry[]): string {
  return `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}

// --- internal ---

function toEntry(p: Provider): CatalogEntry {
  return {
    name: p.name,
    url: p.url,
    platform: p.platform ?? null,
    feed: p.feed ?? null,
    aliases: aliasesOf(p),
    category: nonEmpty(p.category),
  };
}

/** Other spellings of the name; case variants ("Github"/"GitHub") add nothing to a search. */
function aliasesOf(p: Provider): string[] {
  const seen = new Set([p.name.toLowerCase()]);
  const aliases: string[] = [];
  for (const raw of [...(p.names ?? []), ...(p.aliases ?? [])]) {
    const alias = raw.trim();
    if (alias === '' || seen.has(alias.toLowerCase())) continue;
    seen.add(alias.toLowerCase());
    aliases.push(alias);
  }
  return aliases;
}

function nonEmpty(s: string | null | undefined): string | null {
  const trimmed = s?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

// Plain code-unit comparisons, not localeCompare, so the order does not depend on the ICU build.
function byName(a: CatalogEntry, b: CatalogEntry): number {
  return (
    compare(a.name.toLowerCase(), b.name.toLowerCase()) ||
    compare(a.name, b.name) ||
    compare(a.url, b.url)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function main(inputPath: string): void {
  const providers: unknown = JSON.parse(readFileSync(inputPath, 'utf8'));
  const entries = toCatalogEntries(providers);
  writeFileSync(OUTPUT, serializeCatalog(entries));
  const total = Array.isArray(providers) ? providers.length : 0;
  console.log(`wrote ${entries.length} of ${total} vendors to ${OUTPUT}`);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  main(process.argv[2] ?? DEFAULT_INPUT);
}
