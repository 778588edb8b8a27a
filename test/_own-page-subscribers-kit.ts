/**
 * What the own page's subscriber tests share: the page, the real parts wired as `serve` would
 * wire them (store, channels, confirmation mailer, subscriber service, web server, planner), and
 * reading links and headers out of raw mails as a mail client would.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createChannels, type Channels } from '../src/alerts/index.ts';
import { createMailer, type SmtpOptions } from '../src/alerts/channels/email.ts';
import { alertDeliveryPlanner } from '../src/alerts/plan-deliveries.ts';
import { pageConfigSchema, type PageConfig } from '../src/config/index.ts';
import type { EpochMs } from '../src/domain/index.ts';
import { syncOwnPage, type OwnPageWriter } from '../src/own-page/index.ts';
import { createPageSubscribers, type PageSubscribers } from '../src/own-page/subscribers/index.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';

export const PAGE_URL = 'https://status.acme.example/status';

export function acmePage(subscribers: Record<string, unknown> = {}): PageConfig {
  return pageConfigSchema.parse({
    slug: 'acme',
    name: 'Acme',
    url: PAGE_URL,
    timeZone: 'Europe/Berlin',
    components: [
      { name: 'API', group: 'Core' },
      { name: 'Dashboard', group: 'Core' },
      { name: 'Docs' },
    ],
    subscribers,
  });
}

export function smtpOptionsFor(port: number): SmtpOptions {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    from: 'Acme status <status@acme.example>',
    maxConnections: 4,
    timeoutMs: 5_000,
  };
}

export interface Rig {
  page: PageConfig;
  channels: Channels;
  subscribers: PageSubscribers;
  writer: OwnPageWriter;
  app: ReturnType<typeof createWebServer>;
  close(): Promise<void>;
}

/** The web side of a node with a page and alerts.smtp set; the dispatcher is the test's. */
export async function startRig(
  store: Store,
  smtpPort: number,
  options: { page?: PageConfig; clock?: () => EpochMs; log?: (line: string) => void } = {},
): Promise<Rig> {
  const page = options.page ?? acmePage();
  const smtp = smtpOptionsFor(smtpPort);
  const channels = createChannels({ http: { allowList: ['127.0.0.1'] }, smtp });
  const mailer = createMailer(smtp);
  const subscribers = createPageSubscribers({
    store,
    page,
    channels,
    mailer,
    mailConcurrency: smtp.maxConnections,
    ...(options.clock ? { clock: options.clock } : {}),
    log:
      options.log ??
      ((line) => {
        throw new Error(line);
      }),
  });
  const writer: OwnPageWriter = { store, page, deliveries: alertDeliveryPlanner(store) };
  await syncOwnPage(writer, Date.now());
  const app = createWebServer({ store, ownPage: page, pageSubscribers: subscribers });
  return {
    page,
    channels,
    subscribers,
    writer,
    app,
    async close() {
      await subscribers.settled();
      await app.close();
      mailer.close();
      await channels.close();
    },
  };
}

/** A raw message's body as text: quoted-printable soft breaks and escapes undone. */
export function decodedBody(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/));
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** One header of a raw message, unfolded (RFC 5322 continuation lines). */
export function mailHeader(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
}

/** The links of ours a message holds whose path starts with `path` (e.g. /status/unsubscribe). */
export function linksIn(raw: string, path: string): string[] {
  const pattern = new RegExp(
    `${PAGE_URL.replace(/[.]/g, '\\.')}${path.replace('/status', '')}\\?token=[A-Za-z0-9_-]{43}`,
    'g',
  );
  return [...new Set(decodedBody(raw).match(pattern) ?? [])];
}

/** The path and query of one of our absolute links, for `app.inject`. */
export function localPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

export const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: params.toString(),
  };
};

export interface CountingSmtpSink {
  port: number;
  /** Every accepted message: its recipients and idempotency key. */
  mails: { to: string[]; key: string | null; raw: string }[];
  /** How long accepting each message takes from now on. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) that takes `delayMs` to accept each message, so that a
 * fan-out is still running when the test kills the dispatcher.
 */
export async function startSlowSmtpSink(delayMs: number): Promise<CountingSmtpSink> {
  const mails: CountingSmtpSink['mails'] = [];
  const settings = { delayMs };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        setTimeout(() => {
          const raw = Buffer.concat(parts).toString('utf8');
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            key: mailHeader(raw, 'x-statuswatch-idempotency-key'),
            raw,
          });
          callback(null);
        }, settings.delayMs);
      });
    },
  });
  // A dispatcher killed mid-message resets its connections: that is the test, not a failure.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  const net = server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => net.once('listening', resolve));
  const { port } = net.address() as AddressInfo;
  return {
    port,
    mails,
    get delayMs() {
      return settings.delayMs;
    },
    set delayMs(ms: number) {
      settings.delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
