import { fetcherFromConfig } from '../../app.ts';
import { addProvider } from '../../watch-list/add-provider.ts';
import { componentLines } from './_components.ts';
import { requirePositional, stringFlag, type Command } from '../command.ts';

export const addCommand: Command = {
  name: 'add',
  summary: 'Watch a vendor: a status page URL or a catalog name (format auto-detected)',
  usage:
    'add <url|name> [--format statuspage-v2|statuspage-feed|incidentio] [--name N] [--slug S] [--interval SECONDS]',
  options: {
    format: { type: 'string' },
    name: { type: 'string' },
    slug: { type: 'string' },
    interval: { type: 'string' },
  },
  async run(ctx) {
    const url = requirePositional(ctx, 0, 'status page URL or vendor name');
    const interval = stringFlag(ctx, 'interval');
    const request = {
      url,
      ...optional('format', stringFlag(ctx, 'format')),
      ...optional('name', stringFlag(ctx, 'name')),
      ...optional('slug', stringFlag(ctx, 'slug')),
      ...(interval !== undefined ? { pollIntervalSeconds: Number(interval) } : {}),
    };
    const store = await ctx.store();
    const fetcher = fetcherFromConfig(ctx.config);
    try {
      const added = await addProvider(store, fetcher, request, Date.now());
      const p = added.provider;
      ctx.out(`added ${p.slug} (${p.name}) as ${p.format}: ${p.sourceUrl}`);
      if (added.components !== null)
        for (const line of componentLines(added.components)) ctx.out(line);
      return 0;
    } finally {
      await fetcher.close();
    }
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
