/**
 * Receivers for alert tests and benchmarks, on 127.0.0.1 only: an HTTP sink whose answer can be
 * scripted per path (ok, status, hang, close) and a real SMTP server (smtp-server).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * What to do with the n-th request (1-based) to a path. `{ until }`: answer 200 once the
 * promise settles, so a test decides when a receiver answers instead of waiting a while.
 */
export type Behaviour = (
  attempt: number,
) => 'ok' | 'hang' | 'close' | { status: number; delayMs?: number } | { until: Promise<unknown> };

export interface HttpSink {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Requests whose body was read completely, in arrival order (hung ones included). */
  requests: ReceivedRequest[];
  on(path: string, behaviour: Behaviour): void;
  /** Resolves when `count` requests matching `filter` have arrived; rejects after `timeoutMs`. */
  waitFor(
    count: number,
    timeoutMs: number,
    filter?: (r: ReceivedRequest) => boolean,
  ): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startHttpSink(): Promise<HttpSink> {
  const requests: ReceivedRequest[] = [];
  const behaviours = new Map<string, Behaviour>();
  const attempts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, n);
      requests.push({
        path,
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
        at: Date.now(),
      });
      for (const wake of waiters) wake();
      answer(res, (behaviours.get(path) ?? (() => 'ok'))(n));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, behaviour) => {
      behaviours.set(path, behaviour);
    },
    waitFor: (count, timeoutMs, filter = () => true) =>
      waitForRequests({ requests, waiters }, count, timeoutMs, filter),
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Resolves when `count` requests match, checked on each arrival; rejects after `timeoutMs`. */
function waitForRequests(
  { requests, waiters }: { requests: readonly ReceivedRequest[]; waiters: Set<() => void> },
  count: number,
  timeoutMs: number,
  filter: (r: ReceivedRequest) => boolean,
): Promise<ReceivedRequest[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const matching = requests.filter(filter);
      if (matching.length < count) return;
      done();
      resolve(matching);
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `waited ${timeoutMs} ms for ${count} requests, got ${requests.filter(filter).length}`,
        ),
      );
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    check();
  });
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  idempotencyKey: string | null;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** `rejectTo`: recipients refused with 550, as a server that does not know them would. */
export async function startSmtpSink(options: { rejectTo?: RegExp } = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectTo?.test(address.address) === true) {
        callback(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(parts).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header(raw, 'subject') ?? '',
          idempotencyKey: header(raw, 'x-statuswatch-idempotency-key'),
        });
        callback(null);
      });
    },
  });
  const net = server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => net.once('listening', resolve));
  const { port } = net.address() as AddressInfo;
  return {
    port,
    mails,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

// --- internal ---

function answer(res: ServerResponse, what: ReturnType<Behaviour>): void {
  if (what === 'hang') return;
  if (what === 'close') {
    res.socket?.destroy();
    return;
  }
  if (what !== 'ok' && 'until' in what) {
    void what.until.finally(() => {
      answer(res, 'ok');
    });
    return;
  }
  const { status, delayMs } = what === 'ok' ? { status: 200, delayMs: 0 } : what;
  const send = (): void => {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
  };
  if (delayMs !== undefined && delayMs > 0) setTimeout(send, delayMs);
  else send();
}

/** One header of a raw message, unfolded (RFC 5322 continuation lines). */
function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
}
