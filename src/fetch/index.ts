export { createFetcher, DEFAULT_USER_AGENT } from './fetcher.ts';
export type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './fetcher.ts';
export { createAddressGuard } from './address-guard.ts';
export type { AddressGuard, AddressGuardOptions } from './address-guard.ts';
export { HttpStatusError, retryAfterMsOf } from './fetch-errors.ts';
export { parseRetryAfter, RETRY_AFTER_STATUSES, MAX_RETRY_AFTER_MS } from './retry-after.ts';
