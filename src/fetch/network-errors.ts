import type { FetchErrorKind } from '../domain/index.ts';

/** What went wrong on the network, in the words a vendor fetch and an alert send both use. */
export interface NetworkFailure {
  kind: FetchErrorKind;
  /** "connection refused", "TLS CERT_HAS_EXPIRED (…)": the caller says which request failed. */
  reason: string;
}

/**
 * Names a failure of Node, undici, zlib or TLS by its error code. An unknown failure is a
 * connection problem that keeps its code and first message line, so nothing is hidden.
 */
export function nameNetworkError(err: unknown): NetworkFailure {
  const code = errorCode(err);
  const known = code === null ? undefined : KNOWN_CODES[code];
  if (known !== undefined) return { kind: known[0], reason: known[1](err) };
  if (code !== null && DECODE_CODE.test(code)) {
    return { kind: 'parse', reason: `compressed body is corrupt (${code})` };
  }
  if (code !== null && TLS_CODE.test(code)) {
    return { kind: 'connect', reason: `TLS ${code} (${firstLineOf(err)})` };
  }
  const reason = code === null ? firstLineOf(err) : `${code} (${firstLineOf(err)})`;
  return { kind: 'connect', reason };
}

/** The string `code` Node and undici put on their errors, or null. */
export function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  return typeof err.code === 'string' ? err.code : null;
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
    `${text} (${firstLineOf(err)})`;

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
  // The address guard's refusal at connect time (AddressRefusedError): its message names the
  // host and the addresses it resolved to.
  SW_ADDRESS_REFUSED: ['blocked_address', firstLineOf],
};

/** zlib's codes (Z_DATA_ERROR…) and brotli's (ERR__ERROR_FORMAT_PADDING_1…). */
const DECODE_CODE = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;

function firstLineOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
