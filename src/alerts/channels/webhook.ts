import { z } from 'zod';
import { WEBHOOK_FORMATS, type WebhookSettings } from '../../domain/index.ts';
import { checkReceiverUrl, type HttpSender } from './_http.ts';
import { parseSettings, targetKey, type Channel } from './channel.ts';
import { SIGNATURE_HEADER, newWebhookSecret, signatureHeader } from './signature.ts';
import { statuspageEnvelope, webhookPayloadV1 } from './webhook-payload.ts';

export const webhookSettingsSchema = z.strictObject({
  kind: z.literal('webhook'),
  url: z.string().min(1),
  /** HMAC key for the signature header; generated when not given. */
  secret: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(() => newWebhookSecret()),
  format: z.enum(WEBHOOK_FORMATS).default('statuswatch-v1'),
}) satisfies z.ZodType<WebhookSettings>;

/** JSON POST, signed over timestamp and body, with the idempotency key as a header too. */
export function webhookChannel(http: HttpSender): Channel<WebhookSettings> {
  return {
    kind: 'webhook',
    validate(settings) {
      const parsed = parseSettings(webhookSettingsSchema, settings, 'webhook settings');
      checkReceiverUrl(http, parsed.url, 'webhook settings');
      return parsed;
    },
    target(settings) {
      const url = new URL(settings.url);
      return {
        key: targetKey('webhook', url.href),
        host: url.host,
        label: `${url.origin}${url.pathname}`,
      };
    },
    send(message, settings, meta) {
      const payload =
        settings.format === 'statuspage'
          ? statuspageEnvelope(message, settings.unsubscribeUrl)
          : webhookPayloadV1(message);
      const body = JSON.stringify(payload);
      return http.postJson(settings.url, body, {
        'idempotency-key': meta.idempotencyKey,
        'statuswatch-event': message.eventKind,
        [SIGNATURE_HEADER]: signatureHeader(settings.secret, body, meta.now),
      });
    },
  };
}
