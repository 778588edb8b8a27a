export {
  configSchema,
  watchedProviderSchema,
  type Config,
  type WatchedProvider,
} from './schema.ts';
export {
  alertsConfigOf,
  alertsConfigSchema,
  publicUrlOf,
  type AlertsConfig,
} from './alerts-config.ts';
export { loadConfig, type ConfigOverrides } from './load-config.ts';
export {
  componentIdOf,
  pageConfigSchema,
  type PageComponentConfig,
  type PageConfig,
  type PageSubscribersConfig,
} from './page-config.ts';
