import { STATUS_CODES } from 'node:http';
import { StatuswatchError } from '../domain/index.ts';
import type { FetchErrorKind } from '../domain/index.ts';
import { nameNetworkError } from './network-errors.ts';

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
  const { kind, reason } = nameNetworkError(err);
  // Unknown failures come back as connection problems, the original kept as `cause`.
  return fetchError(kind, `GET ${url} failed: ${reason}`, err);
}

// --- internal ---

function fetchError(kind: FetchErrorKind, message: string, cause?: unknown): StatuswatchError {
  return new StatuswatchError(kind, message, cause === undefined ? undefined : { cause });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
