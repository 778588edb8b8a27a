import { isStatuswatchError, type ErrorKind } from '../domain/index.ts';
import { HttpError } from './_http.ts';

/** How a failed request is answered: HTTP status, a stable code for JSON clients, the words. */
export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** What a route answers when a remote it talked to for the client failed (see `errorAnswer`). */
export type RemoteFailure = Omit<ErrorAnswer, 'message'>;

/** Any other route: a remote we depended on answered badly or not at all. */
export const BAD_GATEWAY: RemoteFailure = { status: 502, code: 'bad_gateway' };
/** A test send whose receiver failed: we relayed a valid request and the other end did not. */
export const RECEIVER_FAILED: RemoteFailure = { status: 502, code: 'channel_error' };
/** A page the client asked us to add could not be read: the request names something unusable. */
export const PAGE_UNREADABLE: RemoteFailure = { status: 422, code: 'unreadable_page' };

export const INTERNAL_ERROR: ErrorAnswer = {
  status: 500,
  code: 'internal',
  message: 'internal error; it has been logged',
};

/**
 * The answer to our own errors (HttpError, StatuswatchError by kind), or null for anything else
 * (a framework error, a bug), which the caller decides on. Fetch and parse kinds are a remote's
 * failure, answered with `remote`; a config error is a 500 that says what is missing; a storage
 * error is a 500 whose words (paths, SQL) are withheld.
 */
export function errorAnswer(error: unknown, remote: RemoteFailure): ErrorAnswer | null {
  if (error instanceof HttpError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  if (!isStatuswatchError(error)) return null;
  const rule = BY_KIND[error.kind];
  if (rule === 'internal') return INTERNAL_ERROR;
  const [status, code] = rule === 'remote' ? [remote.status, remote.code] : rule;
  return { status, code, message: error.message };
}

// --- internal ---

/** The one table from an error kind to its HTTP status. */
const BY_KIND: Record<ErrorKind, readonly [number, string] | 'remote' | 'internal'> = {
  invalid_input: [400, 'bad_request'],
  bad_url: [400, 'bad_request'],
  // A URL that resolves to a private address is refused as given, not fetched and failed.
  blocked_address: [400, 'bad_request'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  dns: 'remote',
  connect: 'remote',
  timeout: 'remote',
  http_status: 'remote',
  too_large: 'remote',
  redirect_loop: 'remote',
  parse: 'remote',
  unsupported_format: 'remote',
  too_complex: 'remote',
  // The server's own setup lacks something ("no SMTP server configured"): words for the operator.
  config: [500, 'config'],
  storage: 'internal',
};
