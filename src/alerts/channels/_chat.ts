import { z } from 'zod';
import { checkReceiverUrl, type HttpSender } from './_http.ts';
import type { ChannelKind } from '../../domain/index.ts';
import { parseSettings, redactedUrl, targetKey, type Channel } from './channel.ts';
import type { AlertMessage } from '../message.ts';

/** Slack, Discord and Teams all take a secret URL and a JSON body; only the body differs. */
export function chatSettingsSchema<K extends ChannelKind>(kind: K) {
  return z.strictObject({ kind: z.literal(kind), url: z.string().min(1) });
}

export function chatChannel<K extends ChannelKind>(
  kind: K,
  http: HttpSender,
  render: (message: AlertMessage) => unknown,
): Channel<{ kind: K; url: string }> {
  const schema = chatSettingsSchema(kind);
  return {
    kind,
    validate(settings) {
      const parsed = parseSettings<{ kind: K; url: string }>(schema, settings, `${kind} settings`);
      checkReceiverUrl(http, parsed.url, `${kind} settings`);
      return parsed;
    },
    target(settings) {
      const url = new URL(settings.url);
      return { key: targetKey(kind, url.href), host: url.host, label: redactedUrl(url) };
    },
    send(message, settings, meta) {
      return http.postJson(settings.url, JSON.stringify(render(message)), {
        'idempotency-key': meta.idempotencyKey,
      });
    },
  };
}

/** Chat services cap field lengths; cut long vendor updates instead of being refused. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
