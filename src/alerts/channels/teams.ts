import type { TeamsSettings } from '../../domain/index.ts';
import type { HttpSender } from './_http.ts';
import { chatChannel, clip } from './_chat.ts';
import type { Channel } from './channel.ts';
import { facts, headline, type AlertMessage } from '../message.ts';

/** Microsoft Teams "workflow" webhook (Power Automate): a message carrying an Adaptive Card. */
export function teamsChannel(http: HttpSender): Channel<TeamsSettings> {
  return chatChannel('teams', http, teamsBody);
}

export function teamsBody(message: AlertMessage): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: headline(message), weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: facts(message).map(([title, value]) => ({ title, value })) },
  ];
  if (message.update !== null) {
    body.push({ type: 'TextBlock', text: clip(message.update.text, 4000), wrap: true });
  }
  const actions: Record<string, unknown>[] = [
    { type: 'Action.OpenUrl', title: 'Details', url: message.ourUrl },
  ];
  if (message.vendorUrl !== null) {
    actions.push({ type: 'Action.OpenUrl', title: 'Vendor page', url: message.vendorUrl });
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions,
        },
      },
    ],
  };
}
