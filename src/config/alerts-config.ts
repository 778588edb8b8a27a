import { z } from 'zod';
import { StatuswatchError } from '../domain/index.ts';

/** The `alerts:` section of statuswatch.yaml. */
export const alertsConfigSchema = z.strictObject({
  /** Base of the links in messages; default http://<host>:<port>. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Webhook and chat URLs are user input: private addresses are refused unless listed here. */
  allowPrivateNetworks: z.boolean().default(false),
  allowList: z.array(z.string().min(1)).default([]),
  webhookTimeoutSeconds: z.number().min(1).max(60).default(10),
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65_535).default(587),
      secure: z.boolean().default(false),
      user: z.string().min(1).optional(),
      pass: z.string().optional(),
      from: z.string().min(3).default('statuswatch <statuswatch@localhost>'),
      maxConnections: z.number().int().min(1).max(100).default(5),
      timeoutSeconds: z.number().min(1).max(300).default(30),
    })
    .nullable()
    .default(null),
  dispatcher: z
    .strictObject({
      concurrency: z.number().int().min(1).max(10_000).default(256),
      perHostConcurrency: z.number().int().min(1).max(1_000).default(8),
      pauseAfterFailures: z.number().int().min(1).default(20),
      leaseSeconds: z.number().int().min(5).default(60),
    })
    .prefault({}),
});
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

/**
 * Reads `config.alerts` (validated again, so callers holding a partial config object, such as
 * tests, get the defaults) and names the bad key when it is invalid.
 */
export function alertsConfigOf(config: object): AlertsConfig {
  const raw = 'alerts' in config ? config.alerts : undefined;
  const parsed = alertsConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['alerts', ...(issue?.path ?? []).map(String)].join('.');
  throw new StatuswatchError('config', `invalid configuration: ${where}: ${issue?.message ?? ''}`);
}

export function publicUrlOf(config: { host: string; port: number }, alerts: AlertsConfig): string {
  if (alerts.publicUrl !== undefined) return alerts.publicUrl.replace(/\/+$/, '');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
