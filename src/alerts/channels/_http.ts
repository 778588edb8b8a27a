import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { StatuswatchError } from '../../domain/index.ts';
import {
  createAddressGuard,
  parseRetryAfter,
  RETRY_AFTER_STATUSES,
  type AddressGuardOptions,
} from '../../fetch/index.ts';
import type { SendOutcome } from './channel.ts';

export interface HttpSenderOptions extends AddressGuardOptions {
  /** Whole request, connect to last byte of the answer. Default 10 s. */
  timeoutMs?: number;
  /** Connections kept per receiver origin. Default 8. */
  connectionsPerHost?: number;
  userAgent?: string;
}

/** POSTs for the webhook and chat channels, through the fetcher's address guard. */
export interface HttpSender {
  /** Refuses non-http(s) URLs and literal addresses the guard refuses; names are checked at
   *  connect time, so a name that later resolves to a private address is still refused. */
  checkUrl(url: string): URL;
  postJson(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome>;
  close(): Promise<void>;
}

const DETAIL_BYTES = 512;

export function createHttpSender(options: HttpSenderOptions = {}): HttpSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const guard = createAddressGuard(options);
  const connect = guard.connector(timeoutMs);
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: options.connectionsPerHost ?? 8,
        connect,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  const userAgent = options.userAgent ?? 'statuswatch-alerts/0.1';
  return {
    checkUrl: (url) => guard.checkUrl(url),
    async postJson(url, body, headers) {
      const target = guard.checkUrl(url);
      try {
        const res = await poolFor(target.origin).request({
          path: target.pathname + target.search,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...headers },
          body,
          // One deadline for the whole exchange: a receiver dripping bytes cannot hold a slot.
          signal: AbortSignal.timeout(timeoutMs),
        });
        const detail = await readStart(res.body);
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const retryAfter = res.headers['retry-after'];
        const retryAfterMs = RETRY_AFTER_STATUSES.has(res.statusCode)
          ? parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined, Date.now())
          : null;
        const outcome = { ok, code: res.statusCode, detail };
        return retryAfterMs === null ? outcome : { ...outcome, retryAfterMs };
      } catch (error) {
        throw sendError(target, error, timeoutMs);
      }
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}

/** `validate`'s URL check: the guard's refusal, worded as a bad setting of this channel. */
export function checkReceiverUrl(http: HttpSender, url: string, what: string): void {
  try {
    http.checkUrl(url);
  } catch (error) {
    // The guard words its refusals for the fetcher ("refused <url>: …"); keep the reason.
    const text = error instanceof Error ? error.message : String(error);
    const reason = text.replace(/^(GET \S+ refused|refused \S+): /, '');
    throw new StatuswatchError('invalid_input', `invalid ${what}: url: ${reason}`, {
      cause: error,
    });
  }
}

// --- internal ---

/** The start of the answer, for the delivery log; the rest is drained so the socket is reused. */
async function readStart(body: Readable): Promise<string | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    if (size < DETAIL_BYTES) parts.push(bytes.subarray(0, DETAIL_BYTES - size));
    size += bytes.length;
  }
  const text = Buffer.concat(parts).toString('utf8').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

const EXPLAINED: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_CLOSED: 'connection closed',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  SW_ADDRESS_REFUSED: 'address refused (loopback, private or reserved)',
};
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function sendError(url: URL, error: unknown, timeoutMs: number): StatuswatchError {
  if (error instanceof StatuswatchError) return error;
  const code = errorCode(error);
  const where = `POST ${url.origin}`;
  if (isTimeout(error, code)) {
    return new StatuswatchError('timeout', `${where}: no answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  const explained = code === null ? undefined : EXPLAINED[code];
  const text = explained ?? (error instanceof Error ? error.message : String(error));
  const kind = code === 'SW_ADDRESS_REFUSED' ? 'blocked_address' : 'connect';
  return new StatuswatchError(kind, `${where}: ${text}`, { cause: error });
}

function isTimeout(error: unknown, code: string | null): boolean {
  if (code !== null && TIMEOUT_CODES.has(code)) return true;
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}
