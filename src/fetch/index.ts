export { createFetcher, DEFAULT_USER_AGENT } from './fetcher.ts';
export type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './fetcher.ts';
export { createAddressGuard } from './address-guard.ts';
export type { AddressGuard, AddressGuardOptions } from './address-guard.ts';
