export {
  configSchema,
  watchedProviderSchema,
  type Config,
  type WatchedProvider,
} from './schema.ts';
export { loadConfig, type ConfigOverrides } from './load-config.ts';
