import { toReadableJson } from '../../domain/index.ts';
import { boolFlag, type Command } from '../command.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'List watched providers',
  usage: 'list [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const store = await ctx.store();
    const records = await store.listProviders();
    if (boolFlag(ctx, 'json')) {
      ctx.out(
        JSON.stringify(
          toReadableJson(records.map((r) => ({ ...r.provider, status: r.status }))),
          null,
          2,
        ),
      );
      return 0;
    }
    if (records.length === 0) {
      ctx.out('no providers yet: add one with "statuswatch add <url>"');
      return 0;
    }
    const rows = records.map((r) => [
      r.provider.slug,
      r.provider.name,
      r.provider.format,
      r.status,
      r.provider.pageUrl,
    ]);
    ctx.out(table(['SLUG', 'NAME', 'FORMAT', 'STATUS', 'URL'], rows));
    return 0;
  },
};

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
