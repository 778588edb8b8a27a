import type { DiscordSettings } from '../../domain/index.ts';
import type { HttpSender } from './_http.ts';
import { chatChannel, clip } from './_chat.ts';
import type { Channel } from './channel.ts';
import { facts, isoTime, type AlertMessage } from '../message.ts';

const COLORS: Record<string, number> = {
  critical: 0xd0021b,
  major: 0xf5a623,
  minor: 0xf8e71c,
  resolved: 0x2ecc71,
};

/** Discord webhook with one embed; mentions are disabled so vendor text cannot ping anyone. */
export function discordChannel(http: HttpSender): Channel<DiscordSettings> {
  return chatChannel('discord', http, discordBody);
}

export function discordBody(message: AlertMessage): Record<string, unknown> {
  const fields = facts(message).map(([name, value]) => ({ name, value, inline: true }));
  if (message.vendorUrl !== null) {
    fields.push({ name: 'Vendor page', value: message.vendorUrl, inline: false });
  }
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(
          `${message.isTest ? '[test] ' : ''}${message.provider.name}: ${message.title}`,
          256,
        ),
        url: message.ourUrl,
        description: clip(message.update?.text ?? '', 4000),
        color:
          COLORS[message.status === 'resolved' ? 'resolved' : (message.impact ?? '')] ?? 0x4a90e2,
        fields,
        timestamp: isoTime(message.detectedAt),
        footer: { text: 'statuswatch' },
      },
    ],
  };
}
