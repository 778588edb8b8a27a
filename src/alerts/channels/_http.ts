import type { Readable } from 'node:stream';
import { StatuswatchError } from '../../domain/index.ts';
import {
  createAddressGuard,
  createOriginPools,
  nameNetworkError,
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
  const pools = createOriginPools({
    connections: options.connectionsPerHost ?? 8,
    connect,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const userAgent = options.userAgent ?? 'statuswatch-alerts/0.1';
  return {
    checkUrl: (url) => guard.checkUrl(url),
    async postJson(url, body, headers) {
      const target = guard.checkUrl(url);
      try {
        const res = await pools.poolFor(target.origin).request({
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
    close: () => pools.close(),
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

function sendError(url: URL, error: unknown, timeoutMs: number): StatuswatchError {
  if (error instanceof StatuswatchError) return error;
  const where = `POST ${url.origin}`;
  const { kind, reason } = nameNetworkError(error);
  // The whole exchange runs under one AbortSignal deadline: its abort is a timeout too.
  const aborted =
    error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  if (kind === 'timeout' || aborted) {
    return new StatuswatchError('timeout', `${where}: no answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  return new StatuswatchError(kind, `${where}: ${reason}`, { cause: error });
}
