import { alertDeliveryPlanner } from '../../alerts/index.ts';
import { fetcherFromConfig } from '../../app.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { UsageError, boolFlag, type Command } from '../command.ts';

export const pollCommand: Command = {
  name: 'poll',
  summary: 'Poll every due source once and exit',
  usage: 'poll --once',
  options: { once: { type: 'boolean' } },
  async run(ctx) {
    if (!boolFlag(ctx, 'once'))
      throw new UsageError('only "poll --once" exists; "serve" polls continuously');
    const store = await ctx.store();
    const fetcher = fetcherFromConfig(ctx.config);
    try {
      const scheduler = createScheduler({
        store,
        fetcher,
        deliveries: alertDeliveryPlanner(store),
        concurrency: ctx.config.poll.concurrency,
        leaseMs: ctx.config.poll.leaseSeconds * 1000,
      });
      const results = await scheduler.runOnce();
      let failed = 0;
      for (const r of results) {
        if (r.outcome === 'failed') failed++;
        const detail =
          r.outcome === 'failed'
            ? r.message
            : r.outcome === 'ingested'
              ? `${r.events} new events`
              : 'not modified';
        ctx.out(`${r.slug}: ${r.outcome} (${detail})`);
        if (r.outcome === 'ingested')
          for (const w of r.warnings) ctx.out(`${r.slug}: warning: ${w}`);
      }
      ctx.out(`polled ${results.length} sources, ${failed} failed`);
      return failed > 0 ? 1 : 0;
    } finally {
      await fetcher.close();
    }
  },
};
