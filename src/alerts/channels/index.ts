import {
  CHANNEL_KINDS,
  StatuswatchError,
  type ChannelKind,
  type ChannelSettings,
  type ChannelTarget,
} from '../../domain/index.ts';
import { createHttpSender, type HttpSender, type HttpSenderOptions } from './_http.ts';
import type { Channel, SendMeta, SendOutcome } from './channel.ts';
import { discordChannel } from './discord.ts';
import { createMailer, emailChannel, type SmtpOptions } from './email.ts';
import { slackChannel } from './slack.ts';
import { teamsChannel } from './teams.ts';
import { webhookChannel } from './webhook.ts';
import type { AlertMessage } from '../message.ts';

export interface ChannelsOptions {
  http?: HttpSenderOptions;
  /** null: email subscriptions are refused. */
  smtp?: SmtpOptions | null;
}

/** Every channel, set up once with the shared HTTP sender and SMTP pool. */
export interface Channels {
  /** Reads `kind`, then lets that channel check the rest; throws `invalid_input`. */
  validate(settings: unknown): ChannelSettings;
  target(settings: ChannelSettings): ChannelTarget;
  send(message: AlertMessage, settings: ChannelSettings, meta: SendMeta): Promise<SendOutcome>;
  /** Sends allowed at once to one host (the SMTP pool's size for email). */
  hostConcurrency(host: string): number | null;
  close(): Promise<void>;
}

export function createChannels(options: ChannelsOptions = {}): Channels {
  const http: HttpSender = createHttpSender(options.http);
  const mailer = options.smtp ? createMailer(options.smtp) : null;
  const list = [
    emailChannel(mailer),
    webhookChannel(http),
    slackChannel(http),
    discordChannel(http),
    teamsChannel(http),
  ];
  const byKind = (kind: ChannelKind): Channel<ChannelSettings> =>
    list.find((c) => c.kind === kind) as unknown as Channel<ChannelSettings>;
  const smtpHost = mailer === null ? null : `${mailer.smtp.host}:${mailer.smtp.port}`;
  return {
    validate(settings) {
      return byKind(kindOf(settings)).validate(settings);
    },
    target: (settings) => byKind(settings.kind).target(settings),
    send: (message, settings, meta) => byKind(settings.kind).send(message, settings, meta),
    hostConcurrency: (host) =>
      host === smtpHost && mailer !== null ? mailer.smtp.maxConnections : null,
    async close() {
      mailer?.close();
      await http.close();
    },
  };
}

// --- internal ---

function kindOf(settings: unknown): ChannelKind {
  const kind =
    typeof settings === 'object' && settings !== null && 'kind' in settings
      ? settings.kind
      : undefined;
  const known = CHANNEL_KINDS as readonly unknown[];
  if (!known.includes(kind)) {
    throw new StatuswatchError(
      'invalid_input',
      `invalid channel: kind must be one of ${CHANNEL_KINDS.join(', ')}`,
    );
  }
  return kind as ChannelKind;
}
