import { z } from 'zod';
import { SOURCE_FORMATS } from '../domain/index.ts';
import { alertsConfigSchema } from './alerts-config.ts';
import { pageConfigSchema } from './page-config.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');

/** A provider declared in statuswatch.yaml: the watch list as code. */
export const watchedProviderSchema = z.strictObject({
  slug,
  name: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(SOURCE_FORMATS).optional(),
  pollIntervalSeconds: z.number().int().min(5).max(86_400).optional(),
});

/**
 * The whole configuration. Strict objects: a misspelt key fails at start with its path, rather
 * than being ignored and leaving a default the user thought they had changed.
 */
export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('./data'),
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .nullable()
    .default(null),
  /** Required for changes (adding vendors, alert subscriptions) unless `host` is loopback. */
  apiToken: z.string().min(16, 'use at least 16 characters').nullable().default(null),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  fetch: z
    .strictObject({
      allowPrivateNetworks: z.boolean().default(false),
      allowList: z.array(z.string().min(1)).default([]),
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .default(5 * 1024 * 1024),
      timeoutSeconds: z.number().min(1).max(120).default(15),
    })
    .prefault({}),
  poll: z
    .strictObject({
      concurrency: z.number().int().min(1).max(10_000).default(64),
      intervalSeconds: z.number().int().min(5).default(60),
      openIncidentIntervalSeconds: z.number().int().min(5).default(15),
      /**
       * How long a claimed provider stays with its poller: a poller that dies mid-poll holds it
       * this long, and every poll is cut off at half of it so that a live one never overruns.
       */
      leaseSeconds: z.number().int().min(2).max(3_600).default(120),
    })
    .prefault({}),
  web: z
    .strictObject({
      /**
       * Host names (as in the Host header, port ignored) the server answers to besides
       * loopback, the bound address and alerts.publicUrl's host; others get 421, which is what
       * stops a DNS-rebinding page from talking to a server on localhost.
       */
      allowedHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  providers: z.array(watchedProviderSchema).default([]),
  alerts: alertsConfigSchema.prefault({}),
  /** The team's own status page, authored with `statuswatch page …` and served under /status. */
  page: pageConfigSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;
export type WatchedProvider = z.infer<typeof watchedProviderSchema>;
