import { once } from 'node:events';
import { startAlerts } from '../../alerts/index.ts';
import { fetcherFromConfig } from '../../app.ts';
import type { Config } from '../../config/index.ts';
import { describeError } from '../../domain/index.ts';
import type { Fetcher } from '../../fetch/index.ts';
import { withIngestNotices } from '../../ingest/ingest-notifier.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { syncWatchList } from '../../ingest/sync-watch-list.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';
import { createMetrics, type Metrics } from '../../observability/metrics.ts';
import { observeNewIncidents } from '../../observability/observe-new-incidents.ts';
import type { Store } from '../../storage/store.ts';
import type { AttemptResult, ClaimedDelivery } from '../../storage/alert-store.ts';
import { createWebServer } from '../../web/server.ts';
import { isLoopbackHost } from '../../web/_write-access.ts';
import { boolFlag, type Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the web server and the pollers (--no-poll: serve the store as it is)',
  usage: 'serve [--no-poll]',
  options: { 'no-poll': { type: 'boolean' } },
  async run(ctx) {
    const log = createLogger({ level: ctx.config.logLevel });
    const raw = await ctx.store();
    const metrics = createMetrics({ outbox: () => raw.alerts.countDeliveries() });
    // Every write (poller, dashboard form) notifies the page cache through this wrapper.
    const notices = withIngestNotices(
      observeNewIncidents(raw, (lagMs) => {
        metrics.incidentDetected(lagMs);
      }),
    );
    const store = notices.store;
    const fetcher = fetcherFromConfig(ctx.config);
    // Runs with or without --no-poll: deliveries may come from other nodes' polls.
    const alerts = startAlerts({
      config: ctx.config,
      store,
      onIngest: (listener) => notices.onIngest(listener),
      log: (line) => {
        log.error(line);
      },
      onAttempt: (result, delivery) => {
        metrics.deliveryAttempted(result.outcome, result.latencyMs);
        logAttempt(log, result, delivery);
      },
    });
    const web = createWebServer({
      store,
      fetcher,
      log,
      metrics,
      onIngest: (listener) => notices.onIngest(listener),
      alerts: { store, channels: alerts.channels, publicUrl: alerts.publicUrl },
      writeAccess: {
        token: ctx.config.apiToken,
        openWithoutToken: isLoopbackHost(ctx.config.host),
      },
      hosts: {
        bound: ctx.config.host,
        publicUrl: alerts.publicUrl,
        allowed: ctx.config.web.allowedHosts,
      },
    });
    const address = await web.listen({ port: ctx.config.port, host: ctx.config.host });
    ctx.out(`statuswatch serving ${address} (${store.dialect}, data in ${ctx.config.dataDir})`);
    log.info({ address, database: store.dialect, dataDir: ctx.config.dataDir }, 'started');
    await syncProviders(ctx.config, store, fetcher, log);
    const scheduler = boolFlag(ctx, 'no-poll')
      ? null
      : startPolling(ctx.config, store, fetcher, { log, metrics });
    const polling = scheduler?.run();
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    log.info('stopping');
    scheduler?.stop();
    await polling;
    await alerts.stop();
    await web.close();
    await fetcher.close();
    log.flush();
    return 0;
  },
};

// --- internal ---

async function syncProviders(config: Config, store: Store, fetcher: Fetcher, log: Logger) {
  const synced = await syncWatchList(store, fetcher, config.providers, Date.now());
  if (synced.added.length > 0) log.info({ added: synced.added }, 'watch list: providers added');
  for (const f of synced.failed) {
    log.warn({ provider: f.slug, reason: f.reason }, 'watch list: could not add provider');
  }
}

function startPolling(
  config: Config,
  store: Store,
  fetcher: Fetcher,
  { log, metrics }: { log: Logger; metrics: Metrics },
) {
  return createScheduler({
    store,
    fetcher,
    concurrency: config.poll.concurrency,
    onResult: (r) => {
      metrics.pollFinished(r.outcome, r.outcome === 'failed' ? r.errorKind : undefined);
      if (r.outcome === 'failed') {
        log.warn({ provider: r.slug, errorKind: r.errorKind, error: r.message }, 'poll failed');
      }
      if (r.outcome === 'ingested') {
        for (const w of r.warnings) log.info({ provider: r.slug, warning: w }, 'poll warning');
      }
    },
    onError: (e) => {
      log.error({ error: describeError(e) }, 'poller error');
    },
  });
}

function logAttempt(log: Logger, result: AttemptResult, delivery: ClaimedDelivery): void {
  const fields = {
    deliveryId: result.deliveryId,
    idempotencyKey: delivery.idempotencyKey,
    channel: result.channelKey,
    attempt: delivery.attempts + 1,
    code: result.code,
    latencyMs: Math.round(result.latencyMs),
    ...(result.outcome === 'delivered' ? {} : { detail: result.detail }),
  };
  if (result.outcome === 'delivered') log.info(fields, 'alert delivered');
  else if (result.outcome === 'retry') log.warn(fields, 'alert send failed, will retry');
  else log.error(fields, 'alert dead-lettered');
}
