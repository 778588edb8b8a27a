import { importCaptures } from '../../ingest/import-captures.ts';
import { parseFormat } from '../../ingest/plan-provider.ts';
import { createProgress } from '../_progress.ts';
import { UsageError, stringFlag, type Command } from '../command.ts';

export const importCommand: Command = {
  name: 'import',
  summary: "Import captured payloads (files or folders) as a provider's history; never alerts",
  usage: 'import <path…> --provider <slug> [--format F]',
  options: { provider: { type: 'string' }, format: { type: 'string' } },
  async run(ctx) {
    const slug = stringFlag(ctx, 'provider');
    if (slug === undefined) throw new UsageError('missing --provider <slug>');
    if (ctx.positionals.length === 0) throw new UsageError('missing files or folders to import');
    const format = stringFlag(ctx, 'format');
    const store = await ctx.store();
    const progress = createProgress(`import ${slug}`);
    const started = performance.now();
    const summary = await importCaptures(store, ctx.positionals, {
      providerSlug: slug,
      ...(format !== undefined ? { format: parseFormat(format) } : {}),
      onProgress: (done, total) => {
        progress.update(done, total);
      },
    });
    for (const path of summary.skipped)
      ctx.out(`skipped ${path}: not a supported status page payload`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    ctx.out(
      `imported ${summary.files} ${summary.format} captures into ${slug} in ${seconds} s: ` +
        `${summary.incidentsWritten} incident writes, ${summary.events} events (imported, never alerted)`,
    );
    return 0;
  },
};
