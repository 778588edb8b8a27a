import { describeError, type EpochMs, type IngestNotice } from '../domain/index.ts';
import type { Store } from '../storage/store.ts';
import { alertsConfigOf, publicUrlOf, type AlertsConfig } from '../config/alerts-config.ts';
import { createChannels, type Channels } from './channels/index.ts';
import { startDispatcher, type DispatcherDeps, type DispatcherOptions } from './dispatcher.ts';

export interface RunningAlerts {
  channels: Channels;
  /** Base of the links in messages. */
  publicUrl: string;
  /** Stops the dispatcher (sends in flight finish), then closes the SMTP pool and HTTP pools. */
  stop(): Promise<void>;
}

/**
 * `statuswatch serve`'s alert side, from configuration: the channels, and a dispatcher woken by
 * every committed ingest write. It runs with or without polling here: other nodes may write.
 */
export function startAlerts(input: {
  config: { host: string; port: number };
  store: Store;
  onIngest?: (listener: (notice: IngestNotice) => void) => () => void;
  log: (line: string) => void;
  onAttempt?: DispatcherDeps['onAttempt'];
  clock?: () => EpochMs;
  /** False on a node that only serves pages: channels (to validate subscriptions), no sends. */
  dispatch?: boolean;
}): RunningAlerts {
  const alerts = alertsConfigOf(input.config);
  const channels = channelsFromConfig(alerts);
  const publicUrl = publicUrlOf(input.config, alerts);
  if (input.dispatch === false) return { channels, publicUrl, stop: () => channels.close() };
  const dispatcher = startDispatcher({
    store: input.store,
    channels,
    publicUrl,
    ...(input.onIngest ? { onIngest: input.onIngest } : {}),
    ...(input.clock ? { clock: input.clock } : {}),
    ...(input.onAttempt ? { onAttempt: input.onAttempt } : {}),
    options: dispatcherOptionsOf(alerts),
    onError: (error) => {
      input.log(`alerts: ${describeError(error)}`);
    },
  });
  return {
    channels,
    publicUrl,
    async stop() {
      await dispatcher.stop();
      await channels.close();
    },
  };
}

export function channelsFromConfig(alerts: AlertsConfig): Channels {
  const smtp = alerts.smtp;
  return createChannels({
    http: {
      allowPrivateNetworks: alerts.allowPrivateNetworks,
      allowList: alerts.allowList,
      timeoutMs: alerts.webhookTimeoutSeconds * 1000,
      connectionsPerHost: alerts.dispatcher.perHostConcurrency,
    },
    smtp:
      smtp === null
        ? null
        : {
            host: smtp.host,
            port: smtp.port,
            secure: smtp.secure,
            user: smtp.user,
            pass: smtp.pass,
            from: smtp.from,
            maxConnections: smtp.maxConnections,
            timeoutMs: smtp.timeoutSeconds * 1000,
          },
  });
}

export function dispatcherOptionsOf(alerts: AlertsConfig): DispatcherOptions {
  const d = alerts.dispatcher;
  // A lease shorter than a send (plus its wait behind one other) would let a second dispatcher
  // send the same delivery while the first is still at it.
  const longestSend = Math.max(alerts.webhookTimeoutSeconds, alerts.smtp?.timeoutSeconds ?? 0);
  return {
    concurrency: d.concurrency,
    perHostConcurrency: d.perHostConcurrency,
    pauseAfterFailures: d.pauseAfterFailures,
    leaseMs: Math.max(d.leaseSeconds, 2 * longestSend) * 1000,
  };
}
