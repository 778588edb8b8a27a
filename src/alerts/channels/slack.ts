import type { SlackSettings } from '../../domain/index.ts';
import type { HttpSender } from './_http.ts';
import { chatChannel, clip } from './_chat.ts';
import type { Channel } from './channel.ts';
import { facts, headline, type AlertMessage } from '../message.ts';

/** Slack incoming webhook with Block Kit; `text` is the notification and fallback. */
export function slackChannel(http: HttpSender): Channel<SlackSettings> {
  return chatChannel('slack', http, slackBody);
}

export function slackBody(message: AlertMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline(message), 150) } },
    {
      type: 'section',
      fields: facts(message).map(([label, value]) => ({
        type: 'mrkdwn',
        text: `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`,
      })),
    },
  ];
  if (message.update !== null) {
    blocks.push({
      type: 'section',
      text: { type: 'plain_text', text: clip(message.update.text, 2900) },
    });
  }
  const links = [`<${message.ourUrl}|Details on statuswatch>`];
  if (message.vendorUrl !== null) links.push(`<${message.vendorUrl}|Vendor page>`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join('  ·  ') }] });
  return { text: clip(headline(message), 3000), blocks };
}

/** Slack's mrkdwn treats &, < and > as markup. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
