import {
  findCatalogEntry,
  formatHint,
  searchCatalog,
  type CatalogEntry,
} from '../../catalog/index.ts';
import { StatuswatchError } from '../../domain/index.ts';
import {
  boolFlag,
  requirePositional,
  stringFlag,
  UsageError,
  type Command,
  type CommandContext,
} from '../command.ts';
import { table } from './list.ts';

const DEFAULT_LIMIT = 20;

export const catalogCommand: Command = {
  name: 'catalog',
  summary: 'Search the built-in list of vendor status pages',
  usage: 'catalog search <query> [--json] [--limit N] | catalog show <name> [--json]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' } },
  run(ctx) {
    // The work is synchronous, but a thrown error must still reach `main` as a rejection.
    return Promise.resolve().then(() => runSubcommand(ctx));
  },
};

// --- internal ---

function runSubcommand(ctx: CommandContext): number {
  const subcommand = requirePositional(ctx, 0, 'subcommand (search or show)');
  switch (subcommand) {
    case 'search':
      return search(ctx);
    case 'show':
      return show(ctx);
    default:
      throw new UsageError(`unknown subcommand "${subcommand}": use search or show`);
  }
}

function search(ctx: CommandContext): number {
  const query = wordsFrom(ctx, 'search query');
  const limit = limitFrom(ctx);
  // One extra result tells us whether the list was cut short.
  const found = searchCatalog(query, limit + 1);
  const shown = found.slice(0, limit);
  if (boolFlag(ctx, 'json')) {
    ctx.out(JSON.stringify(shown, null, 2));
    return 0;
  }
  if (shown.length === 0) {
    ctx.out(`no vendor in the catalog matches "${query}"`);
    return 0;
  }
  const rows = shown.map((e) => [e.name, e.platform ?? '-', e.url]);
  ctx.out(table(['NAME', 'PLATFORM', 'URL'], rows));
  if (found.length > limit) ctx.out(`(first ${limit} matches shown; use --limit for more)`);
  return 0;
}

function show(ctx: CommandContext): number {
  const name = wordsFrom(ctx, 'vendor name');
  const entry = findCatalogEntry(name);
  if (entry === null) {
    throw new StatuswatchError(
      'not_found',
      `no vendor "${name}" in the catalog; try "statuswatch catalog search ${name}"`,
    );
  }
  ctx.out(boolFlag(ctx, 'json') ? JSON.stringify(entry, null, 2) : describeEntry(entry));
  return 0;
}

function describeEntry(entry: CatalogEntry): string {
  const format = formatHint(entry);
  const platform =
    entry.platform === null
      ? 'unknown'
      : `${entry.platform}${format === null ? '' : ` (watched as ${format})`}`;
  const fields: [string, string][] = [
    ['name', entry.name],
    ['url', entry.url],
    ['platform', platform],
    ['feed', entry.feed ?? '-'],
    ['category', entry.category ?? '-'],
    ['aliases', entry.aliases.length === 0 ? '-' : entry.aliases.join(', ')],
  ];
  return fields.map(([label, value]) => `${`${label}:`.padEnd(10)}${value}`).join('\n');
}

/** Everything after the subcommand, so `catalog search google cloud` needs no quotes. */
function wordsFrom(ctx: CommandContext, what: string): string {
  requirePositional(ctx, 1, what);
  return ctx.positionals.slice(1).join(' ');
}

function limitFrom(ctx: CommandContext): number {
  const raw = stringFlag(ctx, 'limit');
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1) {
    throw new UsageError(`--limit must be a positive whole number, not "${raw}"`);
  }
  return limit;
}
