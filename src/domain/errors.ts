/**
 * One error class for everything we expect to go wrong, told apart by `kind`. Errors are caught
 * only at the edges (poll tick, HTTP handler, CLI), which print `kind: message`.
 */
export const FETCH_ERROR_KINDS = [
  'dns',
  'connect',
  'timeout',
  'http_status',
  'too_large',
  'blocked_address',
  'redirect_loop',
  'bad_url',
  'parse',
  'unsupported_format',
  // A payload whose text would take too long to parse or sanitize (a CPU bomb): refused whole.
  'too_complex',
] as const;
export type FetchErrorKind = (typeof FETCH_ERROR_KINDS)[number];

export const ERROR_KINDS = [
  ...FETCH_ERROR_KINDS,
  'invalid_input',
  'conflict',
  'not_found',
  'config',
  'storage',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class StatuswatchError extends Error {
  override readonly name = 'StatuswatchError';
  /** The HTTP status of an `http_status` error: a 404 means something else than a 503. */
  readonly httpStatus: number | null;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown; httpStatus?: number },
  ) {
    super(message, options);
    this.httpStatus = options?.httpStatus ?? null;
  }
}

export function isStatuswatchError(e: unknown, kind?: ErrorKind): e is StatuswatchError {
  return e instanceof StatuswatchError && (kind === undefined || e.kind === kind);
}

/** A one-line description of any thrown value, for logs and CLI output. */
export function describeError(e: unknown): string {
  if (e instanceof StatuswatchError) return `${e.kind}: ${e.message}`;
  if (e instanceof Error) return e.message;
  return String(e);
}
