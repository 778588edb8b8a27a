import { once } from 'node:events';
import { alertDeliveryPlanner, startAlerts } from '../../alerts/index.ts';
import type { RunningAlerts } from '../../alerts/start-alerts.ts';
import { fetcherFromConfig } from '../../app.ts';
import type { Config } from '../../config/index.ts';
import { describeError } from '../../domain/index.ts';
import type { Fetcher } from '../../fetch/index.ts';
import { withIngestNotices } from '../../ingest/ingest-notifier.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { syncWatchList } from '../../watch-list/sync-watch-list.ts';
import { startAutoPublish, syncOwnPage, withPageDrafts } from '../../own-page/index.ts';
import {
  startPageSubscribers,
  type RunningPageSubscribers,
} from '../../own-page/subscribers/index.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';
import { createMetrics, type Metrics } from '../../observability/metrics.ts';
import { observeNewIncidents } from '../../observability/observe-new-incidents.ts';
import type { Store } from '../../storage/store.ts';
import type { AttemptResult, ClaimedDelivery } from '../../storage/alert-store.ts';
import { createWebServer, type WebOptions } from '../../web/server.ts';
import { createPublicListener } from '../../web/public-listener.ts';
import type { ArchiveInfo } from '../../web/_archive.ts';
import { mergeNotices, startIngestRelay, type IngestRelay } from '../../cluster/pg-ingest-relay.ts';
import { isLoopbackHost } from '../../web/_write-access.ts';
import { boolFlag, stringFlag, UsageError, type Command } from '../command.ts';

type Listen = NonNullable<WebOptions['onIngest']>;

const ROLES = ['all', 'web', 'poll', 'alerts'] as const;
type Role = (typeof ROLES)[number];

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the web server, the pollers and the alert dispatcher, or one of them (--role)',
  usage: 'serve [--role all|web|poll|alerts] [--no-poll]',
  options: { 'no-poll': { type: 'boolean' }, role: { type: 'string' } },
  async run(ctx) {
    const role = roleOf(stringFlag(ctx, 'role'));
    const does = (part: Exclude<Role, 'all'>): boolean => role === 'all' || role === part;
    const log = createLogger({ level: ctx.config.logLevel }).child({ role });
    const raw = await ctx.store();
    const metrics = createMetrics({ outbox: () => raw.alerts.countDeliveries() });
    // Every write (poller, dashboard form) notifies the page cache through this wrapper.
    const notices = withIngestNotices(
      observeNewIncidents(raw, (lagMs) => {
        metrics.incidentDetected(lagMs);
      }),
    );
    const store = notices.store;
    const relay = await relayOf(ctx.config, notices, log);
    const local: Listen = (listener) => notices.onIngest(listener);
    const onIngest = relay === null ? local : mergeNotices(local, (l) => relay.onRemote(l));
    const fetcher = fetcherFromConfig(ctx.config);
    // Deliveries may come from other nodes' polls: the dispatcher does not need a poller here.
    const alerts = startAlerts({
      config: ctx.config,
      store,
      dispatch: does('alerts'),
      onIngest,
      log: (line) => {
        log.error(line);
      },
      onAttempt: (result, delivery) => {
        metrics.deliveryAttempted(result.outcome, result.latencyMs);
        logAttempt(log, result, delivery);
      },
    });
    // `--no-poll` serves an archive: every page says so, and how far its data goes.
    const archive = boolFlag(ctx, 'no-poll')
      ? { newestDataTime: await store.newestDataTime() }
      : undefined;
    // The page's subscribe routes live on the web nodes; their deliveries go through the outbox.
    const subscribers = does('web')
      ? startPageSubscribers({
          config: ctx.config,
          store,
          channels: alerts.channels,
          log: (line) => {
            log.warn(line);
          },
        })
      : null;
    const web = does('web')
      ? startWeb(ctx.config, {
          store,
          fetcher,
          log,
          metrics,
          onIngest,
          alerts,
          archive,
          subscribers,
        })
      : null;
    if (web !== null) {
      const address = await web.listen({ port: ctx.config.port, host: ctx.config.host });
      ctx.out(`statuswatch serving ${address} (${store.dialect}, data in ${ctx.config.dataDir})`);
      log.info({ address, database: store.dialect, dataDir: ctx.config.dataDir }, 'started');
    } else {
      ctx.out(`statuswatch running as ${role} (${store.dialect})`);
      log.info({ database: store.dialect }, 'started');
    }
    const statusPage = does('web')
      ? await startPublicListener(ctx.config, { store, log, onIngest, alerts, subscribers })
      : null;
    if (statusPage !== null) ctx.out(`status page serving ${statusPage.address} (/status only)`);
    const polls = does('poll') && !boolFlag(ctx, 'no-poll');
    if (polls) await syncProviders(ctx.config, store, fetcher, log);
    const scheduler = polls ? startPolling(ctx.config, store, fetcher, { log, metrics }) : null;
    const polling = scheduler?.run();
    // Drafts raised by this node's vendor writes that the page auto-publishes.
    const autoPublish =
      polls && ctx.config.page !== undefined
        ? startAutoPublish({
            writer: { store, page: ctx.config.page, deliveries: alertDeliveryPlanner(store) },
            onIngest: local,
            onError: (error) => {
              log.error({ error: describeError(error) }, 'auto-publish of a draft failed');
            },
          })
        : null;
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    log.info('stopping');
    scheduler?.stop();
    await polling;
    await autoPublish?.stop();
    await subscribers?.stop();
    await alerts.stop();
    await web?.close();
    await statusPage?.app.close();
    await relay?.close();
    await fetcher.close();
    log.flush();
    return 0;
  },
};

// --- internal ---

/** On PostgreSQL, other nodes hear of our writes and we of theirs (LISTEN/NOTIFY). */
async function relayOf(
  config: Config,
  notices: ReturnType<typeof withIngestNotices>,
  log: Logger,
): Promise<IngestRelay | null> {
  if (config.databaseUrl === null) return null;
  return startIngestRelay({
    url: config.databaseUrl,
    onLocal: (listener) => notices.onIngest(listener),
    onError: (error) => {
      log.warn({ error: describeError(error) }, 'cross-node notices: connection failed');
    },
  });
}

function roleOf(flag: string | undefined): Role {
  const role = flag ?? 'all';
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
}

function startWeb(
  config: Config,
  deps: {
    store: Store;
    fetcher: Fetcher;
    log: Logger;
    metrics: Metrics;
    onIngest: WebOptions['onIngest'];
    alerts: RunningAlerts;
    archive: ArchiveInfo | undefined;
    subscribers: RunningPageSubscribers | null;
  },
) {
  const { store, alerts } = deps;
  return createWebServer({
    store,
    fetcher: deps.fetcher,
    log: deps.log,
    metrics: deps.metrics,
    ...(deps.onIngest === undefined ? {} : { onIngest: deps.onIngest }),
    alerts: { store, channels: alerts.channels, publicUrl: alerts.publicUrl },
    writeAccess: { token: config.apiToken, openWithoutToken: isLoopbackHost(config.host) },
    hosts: { bound: config.host, publicUrl: alerts.publicUrl, allowed: config.web.allowedHosts },
    ...(deps.archive === undefined ? {} : { archive: deps.archive }),
    ...(config.page === undefined ? {} : { ownPage: config.page }),
    ...(deps.subscribers === null ? {} : { pageSubscribers: deps.subscribers.subscribers }),
  });
}

/** `page.listen`: the second listener, serving /status alone (web/public-listener.ts). */
async function startPublicListener(
  config: Config,
  deps: {
    store: Store;
    log: Logger;
    onIngest: WebOptions['onIngest'];
    alerts: RunningAlerts;
    subscribers: RunningPageSubscribers | null;
  },
) {
  const page = config.page;
  if (page?.listen === undefined) return null;
  const app = createPublicListener({
    store: deps.store,
    log: deps.log,
    ...(deps.onIngest === undefined ? {} : { onIngest: deps.onIngest }),
    // Gated to /status like every route there; passed for the subscribe routes under it.
    alerts: { store: deps.store, channels: deps.alerts.channels, publicUrl: deps.alerts.publicUrl },
    ...(deps.subscribers === null ? {} : { pageSubscribers: deps.subscribers.subscribers }),
    page: { ...page, listen: page.listen },
    apiToken: config.apiToken,
    allowedHosts: config.web.allowedHosts,
  });
  const address = await app.listen(page.listen);
  deps.log.info({ address }, 'status page listener started');
  return { app, address };
}

async function syncProviders(config: Config, store: Store, fetcher: Fetcher, log: Logger) {
  if (config.page !== undefined) {
    // The own page's provider and components, written before the scheduler starts.
    await syncOwnPage(
      { store, page: config.page, deliveries: alertDeliveryPlanner(store) },
      Date.now(),
    );
  }
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
    // Vendor incidents that affect the own page's dependencies raise its drafts in the same write.
    deliveries: withPageDrafts(alertDeliveryPlanner(store), store, config.page),
    concurrency: config.poll.concurrency,
    leaseMs: config.poll.leaseSeconds * 1000,
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
