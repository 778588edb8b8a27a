import { once } from 'node:events';
import { startAlerts } from '../../alerts/index.ts';
import { fetcherFromConfig } from '../../app.ts';
import { describeError } from '../../domain/index.ts';
import { withIngestNotices } from '../../ingest/ingest-notifier.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { syncWatchList } from '../../ingest/sync-watch-list.ts';
import { createWebServer } from '../../web/server.ts';
import { isLoopbackHost } from '../../web/_write-access.ts';
import { boolFlag, type Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the web server and the pollers (--no-poll: serve the store as it is)',
  usage: 'serve [--no-poll]',
  options: { 'no-poll': { type: 'boolean' } },
  async run(ctx) {
    // Every write (poller, dashboard form) notifies the page cache through this wrapper.
    const notices = withIngestNotices(await ctx.store());
    const store = notices.store;
    const fetcher = fetcherFromConfig(ctx.config);
    // Runs with or without --no-poll: deliveries may come from other nodes' polls.
    const alerts = startAlerts({
      config: ctx.config,
      store,
      onIngest: (listener) => notices.onIngest(listener),
      log: (line) => {
        ctx.out(line);
      },
    });
    const web = createWebServer({
      store,
      fetcher,
      onIngest: (listener) => notices.onIngest(listener),
      alerts: { store, channels: alerts.channels, publicUrl: alerts.publicUrl },
      writeAccess: {
        token: ctx.config.apiToken,
        openWithoutToken: isLoopbackHost(ctx.config.host),
      },
    });
    const address = await web.listen({ port: ctx.config.port, host: ctx.config.host });
    ctx.out(`statuswatch serving ${address} (${store.dialect}, data in ${ctx.config.dataDir})`);
    const synced = await syncWatchList(store, fetcher, ctx.config.providers, Date.now());
    if (synced.added.length > 0) ctx.out(`watch list: added ${synced.added.join(', ')}`);
    for (const f of synced.failed) ctx.out(`watch list: could not add ${f.slug}: ${f.reason}`);
    const scheduler = boolFlag(ctx, 'no-poll')
      ? null
      : createScheduler({
          store,
          fetcher,
          concurrency: ctx.config.poll.concurrency,
          onResult: (r) => {
            if (r.outcome === 'failed') ctx.out(`poll ${r.slug}: ${r.message}`);
            if (r.outcome === 'ingested')
              for (const w of r.warnings) ctx.out(`poll ${r.slug}: ${w}`);
          },
          onError: (e) => {
            ctx.out(`poller: ${describeError(e)}`);
          },
        });
    const polling = scheduler?.run();
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    ctx.out('statuswatch stopping');
    scheduler?.stop();
    await polling;
    await alerts.stop();
    await web.close();
    await fetcher.close();
    return 0;
  },
};
