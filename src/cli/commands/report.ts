import { StatuswatchError } from '../../domain/index.ts';
import { providerReport } from '../../reliability/provider-report.ts';
import { UsageError, boolFlag, stringFlag, type Command } from '../command.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Counts, duration percentiles, incidents per month and every data anomaly',
  usage: 'report --provider <slug> [--json]',
  options: { provider: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const slug = stringFlag(ctx, 'provider');
    if (slug === undefined) throw new UsageError('missing --provider <slug>');
    const store = await ctx.store();
    if ((await store.getProvider(slug)) === null)
      throw new StatuswatchError('not_found', `no provider with slug "${slug}"`);
    const report = providerReport(await store.listIncidents({ providerSlug: slug }));
    if (boolFlag(ctx, 'json')) {
      ctx.out(
        JSON.stringify({ schema: 'statuswatch.report.v1', provider: slug, ...report }, null, 2),
      );
      return 0;
    }
    ctx.out(`provider ${slug}`);
    ctx.out(`  incidents ${report.incidents}, maintenances ${report.maintenances}`);
    ctx.out(
      `  resolved ${report.resolved}, unresolved ${report.unresolved}, backfilled ${report.backfilled}`,
    );
    ctx.out(`  updates ${report.updates}`);
    const p = report.durationPercentiles;
    ctx.out(
      p === null
        ? '  durations: none measurable'
        : `  duration minutes: p50 ${p.p50}, p90 ${p.p90}, p99 ${p.p99}, max ${p.max}`,
    );
    ctx.out('  incidents per month:');
    for (const [month, n] of Object.entries(report.perMonth))
      ctx.out(`    ${month}  ${'#'.repeat(Math.min(n, 60))} ${n}`);
    ctx.out(`  anomalies (${report.anomalies.length}):`);
    for (const a of report.anomalies)
      ctx.out(`    ${a.incident} ${a.anomaly.kind}: ${a.anomaly.reason} — ${a.title}`);
    return 0;
  },
};
