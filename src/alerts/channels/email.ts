import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { StatuswatchError, escapeHtml, type EmailSettings } from '../../domain/index.ts';
import { parseSettings, targetKey, type Channel, type SendOutcome } from './channel.ts';
import { facts, headline, plainText, type AlertMessage } from '../message.ts';

export const emailSettingsSchema = z.strictObject({
  kind: z.literal('email'),
  to: z.array(z.email('is not an email address')).min(1).max(50),
}) satisfies z.ZodType<EmailSettings>;

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
  /** Connections in the pool; also the per-host concurrency the dispatcher allows. */
  maxConnections: number;
  timeoutMs: number;
}

export interface Mailer {
  readonly smtp: SmtpOptions;
  send(mail: {
    to: string[];
    subject: string;
    text: string;
    html: string;
    key: string;
    /** Sent as `List-Unsubscribe` with RFC 8058's one-click `List-Unsubscribe-Post`. */
    unsubscribeUrl?: string | undefined;
  }): Promise<SendOutcome>;
  close(): void;
}

/** One pooled SMTP transport for all email subscriptions. */
export function createMailer(smtp: SmtpOptions): Mailer {
  const transport = createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    maxConnections: smtp.maxConnections,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } }),
  });
  return {
    smtp,
    async send(mail) {
      try {
        const info = (await withinDeadline(
          smtp.timeoutMs,
          transport.sendMail({
            from: smtp.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            // A stable Message-ID per delivery: mail systems drop a repeat of the same id.
            messageId: `<${mail.key}@statuswatch>`,
            headers: {
              'X-Statuswatch-Idempotency-Key': mail.key,
              ...unsubscribeHeaders(mail.unsubscribeUrl),
            },
          }),
        )) as { response?: string };
        return { ok: true, code: replyCode(info.response), detail: info.response ?? null };
      } catch (error) {
        return rejected(error);
      }
    },
    close: () => {
      transport.close();
    },
  };
}

/**
 * nodemailer's timeouts are per step and per silence, so a server answering a byte at a time
 * could hold one send for far longer than `timeoutMs`, and past the delivery lease (sized at
 * twice the longest send), letting another dispatcher send it again. One deadline for the whole
 * exchange keeps the lease true; a mail that still goes out late carries the same Message-ID.
 */
function withinDeadline<T>(ms: number, sending: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(Object.assign(new Error(`no SMTP answer within ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  return Promise.race([sending, deadline]).finally(() => {
    clearTimeout(timer);
  });
}

/** Email: plain-text and HTML parts saying the same thing. */
export function emailChannel(mailer: Mailer | null): Channel<EmailSettings> {
  return {
    kind: 'email',
    validate(settings) {
      const parsed = parseSettings(emailSettingsSchema, settings, 'email settings');
      if (mailer === null) {
        throw new StatuswatchError(
          'invalid_input',
          'email alerts need an SMTP server: set alerts.smtp in the configuration',
        );
      }
      return parsed;
    },
    target(settings) {
      const to = [...settings.to].sort().join(', ');
      const host = mailer === null ? 'smtp' : `${mailer.smtp.host}:${mailer.smtp.port}`;
      return { key: targetKey('email', to), host, label: to };
    },
    send(message, settings, meta) {
      if (mailer === null) throw new StatuswatchError('config', 'no SMTP server configured');
      const unsubscribe = settings.unsubscribeUrl;
      // A page subscriber (the only settings with an unsubscribe link) is the public: the one
      // link to show is the page's own incident report, never our dashboard's address.
      const shown =
        unsubscribe === undefined || message.vendorUrl === null
          ? message
          : { ...message, ourUrl: message.vendorUrl, vendorUrl: null };
      return mailer.send({
        to: settings.to,
        subject: headline(shown),
        text: withUnsubscribeText(plainText(shown), unsubscribe),
        html: withUnsubscribeHtml(emailHtml(shown), unsubscribe),
        key: meta.idempotencyKey,
        unsubscribeUrl: unsubscribe,
      });
    },
  };
}

export function emailHtml(message: AlertMessage): string {
  const rows = facts(message)
    .map(
      ([label, value]) =>
        `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const update =
    message.update === null
      ? ''
      : `<p>${escapeHtml(message.update.text).replace(/\n/g, '<br>')}</p>`;
  const vendor =
    message.vendorUrl === null
      ? ''
      : ` · <a href="${escapeHtml(message.vendorUrl)}">Vendor page</a>`;
  return [
    '<!doctype html><html><body>',
    `<h2>${escapeHtml(headline(message))}</h2>`,
    `<table>${rows}</table>`,
    update,
    `<p><a href="${escapeHtml(message.ourUrl)}">Details on statuswatch</a>${vendor}</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * RFC 2369's `List-Unsubscribe` and RFC 8058's one-click: a mail client may POST
 * `List-Unsubscribe=One-Click` to the URL, without a page in between.
 */
export function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  if (url === undefined) return {};
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function withUnsubscribeText(text: string, url: string | undefined): string {
  return url === undefined ? text : `${text}\n\nUnsubscribe: ${url}`;
}

export function withUnsubscribeHtml(page: string, url: string | undefined): string {
  if (url === undefined) return page;
  const link = `<p><a href="${escapeHtml(url)}">Unsubscribe</a></p>`;
  return page.replace('</body>', `${link}\n</body>`);
}

// --- internal ---

function replyCode(response: string | undefined): number | null {
  const match = /^(\d{3})/.exec(response ?? '');
  return match ? Number(match[1]) : null;
}

/** The server refused (a reply code) or could not be reached (thrown on). */
function rejected(error: unknown): SendOutcome {
  const e = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  if (typeof e.responseCode === 'number') {
    const detail = typeof e.response === 'string' ? e.response : String(e.message);
    return { ok: false, code: e.responseCode, detail };
  }
  throw new StatuswatchError('connect', `SMTP: ${String(e.message ?? error)}`, { cause: error });
}
