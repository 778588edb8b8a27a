import { STATUS_CODES } from 'node:http';
import { StatuswatchError } from '../domain/index.ts';
import type { FetchErrorKind } from '../domain/index.ts';

/**
 * Raised inside the connection path (DNS lookup, connected socket), where only the host name is
 * known; `toFetchError` turns it into `blocked_address` naming the URL.
 */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
  readonly code = 'SW_ADDRESS_REFUSED';
  constructor(hostname: string, addresses: readonly string[]) {
    const resolved = addresses.length > 0 ? addresses.join(', ') : 'none';
    super(`${hostname} resolves only to loopback, private or reserved addresses (${resolved})`);
  }
}

export function badUrl(url: string, reason: string): StatuswatchError {
  return fetchError('bad_url', `${JSON.stringify(url)} ${reason}`);
}

/** Says no method: the guard also vets the URLs alert channels POST to. */
export function blockedAddress(url: string, reason: string): StatuswatchError {
  return fetchError('blocked_address', `refused ${url}: ${reason}`);
}

/** An `http_status` failure that keeps the status and, for 429/503, the server's Retry-After. */
export class HttpStatusError extends StatuswatchError {
  constructor(
    message: string,
    readonly status: number,
    /** How long the server asked us to wait (Retry-After on 429/503), in ms; null if it did not. */
    readonly retryAfterMs: number | null,
  ) {
    super('http_status', message, { httpStatus: status });
  }
}

export function httpStatusError(
  url: string,
  status: number,
  retryAfterMs: number | null = null,
): HttpStatusError {
  const text = STATUS_CODES[status] ?? 'Unknown Status';
  const wait = retryAfterMs === null ? '' : ` (Retry-After: ${Math.round(retryAfterMs / 1000)} s)`;
  return new HttpStatusError(`GET ${url} answered ${status} ${text}${wait}`, status, retryAfterMs);
}

/** The wait a failed fetch or send was asked to respect, in ms; null when none was given. */
export function retryAfterMsOf(error: unknown): number | null {
  return error instanceof HttpStatusError ? error.retryAfterMs : null;
}

export function tooLarge(url: string, limitBytes: number, detail: string): StatuswatchError {
  return fetchError('too_large', `GET ${url} body exceeds ${formatBytes(limitBytes)} (${detail})`);
}

export function redirectLoop(url: string, maxRedirects: number): StatuswatchError {
  return fetchError('redirect_loop', `GET ${url} redirected more than ${maxRedirects} times`);
}

export function bodyTimeout(url: string, ms: number): StatuswatchError {
  return fetchError('timeout', `GET ${url} body not complete after ${ms} ms`);
}

/** Turns anything thrown while fetching `url` into a StatuswatchError with a one-line message. */
export function toFetchError(err: unknown, url: string): StatuswatchError {
  if (err instanceof StatuswatchError) return err;
  if (err instanceof AddressRefusedError) return blockedAddress(url, err.message);
  const code = errorCode(err);
  const known = code === null ? undefined : KNOWN_CODES[code];
  if (known !== undefined) {
    const [kind, cause] = known;
    return fetchError(kind, `GET ${url} failed: ${cause(err)}`, err);
  }
  if (code !== null && DECODE_CODE.test(code)) {
    return fetchError('parse', `GET ${url} failed: compressed body is corrupt (${code})`, err);
  }
  if (code !== null && TLS_CODE.test(code)) {
    return fetchError('connect', `GET ${url} failed: TLS ${code} (${messageOf(err)})`, err);
  }
  // Unknown failures are reported as connection problems but keep the original as `cause`.
  const what = code === null ? messageOf(err) : `${code} (${messageOf(err)})`;
  return fetchError('connect', `GET ${url} failed: ${what}`, err);
}

// --- internal ---

type Explain = (err: unknown) => string;
const fixed =
  (text: string): Explain =>
  () =>
    text;
const withMessage =
  (text: string): Explain =>
  (err) =>
    `${text} (${messageOf(err)})`;

const KNOWN_CODES: Readonly<Record<string, readonly [FetchErrorKind, Explain]>> = {
  ENOTFOUND: ['dns', fixed('host name not found')],
  EAI_NONAME: ['dns', fixed('host name not found')],
  EAI_NODATA: ['dns', fixed('host name has no address')],
  EAI_AGAIN: ['dns', fixed('DNS lookup failed temporarily')],
  EAI_FAIL: ['dns', fixed('DNS lookup failed')],
  ECONNREFUSED: ['connect', fixed('connection refused')],
  EHOSTUNREACH: ['connect', fixed('host unreachable')],
  ENETUNREACH: ['connect', fixed('network unreachable')],
  ECONNRESET: ['connect', fixed('connection reset by the server')],
  EPIPE: ['connect', fixed('connection closed while sending the request')],
  UND_ERR_SOCKET: ['connect', withMessage('connection closed by the server')],
  UND_ERR_CLOSED: ['connect', fixed('connection closed')],
  ETIMEDOUT: ['timeout', fixed('TCP connection timed out')],
  UND_ERR_CONNECT_TIMEOUT: ['timeout', fixed('could not connect in time')],
  UND_ERR_HEADERS_TIMEOUT: ['timeout', fixed('no response headers in time')],
  UND_ERR_BODY_TIMEOUT: ['timeout', fixed('body stalled (no data in time)')],
  UND_ERR_RES_EXCEEDED_MAX_SIZE: ['too_large', fixed('response body too large')],
  UND_ERR_INFO: ['http_status', withMessage('malformed response')],
  HPE_INVALID_CONSTANT: ['http_status', fixed('malformed HTTP response')],
  Z_BUF_ERROR: ['parse', fixed('compressed body is truncated')],
};

/** zlib's codes (Z_DATA_ERROR…) and brotli's (ERR__ERROR_FORMAT_PADDING_1…). */
const DECODE_CODE = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;

function fetchError(kind: FetchErrorKind, message: string, cause?: unknown): StatuswatchError {
  return new StatuswatchError(kind, message, cause === undefined ? undefined : { cause });
}

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  return typeof err.code === 'string' ? err.code : null;
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
