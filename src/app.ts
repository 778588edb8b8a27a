import type { Config } from './config/index.ts';
import { createFetcher, type Fetcher } from './fetch/index.ts';

/** The fetcher every vendor request goes through, set up from configuration. */
export function fetcherFromConfig(config: Config): Fetcher {
  const timeoutMs = config.fetch.timeoutSeconds * 1000;
  return createFetcher({
    allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    allowList: config.fetch.allowList,
    maxBodyBytes: config.fetch.maxBodyBytes,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
  });
}
