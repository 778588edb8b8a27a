import type { Channels } from '../../alerts/channels/index.ts';
import { createMailer } from '../../alerts/channels/email.ts';
import { channelsFromConfig } from '../../alerts/start-alerts.ts';
import { alertsConfigOf, type PageConfig } from '../../config/index.ts';
import type { Store } from '../../storage/store.ts';
import { createPageSubscribers, type PageSubscribers } from './page-subscribers.ts';

export interface RunningPageSubscribers {
  subscribers: PageSubscribers;
  /** Lets queued confirmation mails go out, then closes the confirmation mailer's pool. */
  stop(): Promise<void>;
}

/**
 * The composition root's side: the page's subscribers from configuration, or null when they
 * are not offered (no `page:`, `page.subscribers.enabled: false`, or no `alerts.smtp`, since
 * confirming needs mail). `channels` are the running alerts' (RunningAlerts.channels); made
 * from the configuration when not given.
 */
export function startPageSubscribers(input: {
  config: { page?: PageConfig | undefined; alerts?: unknown };
  store: Store;
  channels?: Channels;
  log: (line: string) => void;
}): RunningPageSubscribers | null {
  const page = input.config.page;
  const alerts = alertsConfigOf(input.config);
  if (page === undefined || !page.subscribers.enabled || alerts.smtp === null) return null;
  const smtp = alerts.smtp;
  const options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    user: smtp.user,
    pass: smtp.pass,
    from: smtp.from,
    // A pool of its own, small: confirmations must not queue behind an alert fan-out.
    maxConnections: 2,
    timeoutMs: smtp.timeoutSeconds * 1000,
  };
  const mailer = createMailer(options);
  const channels = input.channels ?? channelsFromConfig(alerts);
  const ownsChannels = channels !== input.channels;
  const subscribers = createPageSubscribers({
    store: input.store,
    page,
    channels,
    mailer,
    mailConcurrency: options.maxConnections,
    log: input.log,
  });
  return {
    subscribers,
    async stop() {
      await subscribers.settled();
      mailer.close();
      if (ownsChannels) await channels.close();
    },
  };
}
