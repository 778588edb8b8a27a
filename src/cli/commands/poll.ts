import { alertDeliveryPlanner } from '../../alerts/index.ts';
import { fetcherFromConfig } from '../../app.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { publishDueDrafts, withPageDrafts } from '../../own-page/index.ts';
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
        // Vendor incidents that affect the own page's dependencies raise its drafts in the same write.
        deliveries: withPageDrafts(alertDeliveryPlanner(store), store, ctx.config.page),
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
      const page = ctx.config.page;
      if (page !== undefined) {
        const writer = { store, page, deliveries: alertDeliveryPlanner(store) };
        for (const i of await publishDueDrafts(writer, Date.now()))
          ctx.out(`${page.slug}: auto-published ${i.vendorId}: ${i.title}`);
      }
      return failed > 0 ? 1 : 0;
    } finally {
      await fetcher.close();
    }
  },
};
