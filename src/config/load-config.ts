import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { StatuswatchError } from '../domain/index.ts';
import { configSchema, type Config } from './schema.ts';

/** Values given on the command line; they win over env vars, which win over the YAML file. */
export interface ConfigOverrides {
  configPath?: string;
  dataDir?: string;
  port?: string;
  databaseUrl?: string;
}

/**
 * Reads statuswatch.yaml (from --config, STATUSWATCH_CONFIG, or ./statuswatch.yaml when
 * present), layers env vars and flags on top, and validates once. Throws `config` errors that
 * name the bad key.
 */
export function loadConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const path = overrides.configPath ?? emptyToUndefined(env.STATUSWATCH_CONFIG) ?? defaultPath();
  const fromFile = path === null ? {} : readYaml(path);
  const layered: Record<string, unknown> = { ...fromFile };
  setIfDefined(layered, 'dataDir', overrides.dataDir ?? env.STATUSWATCH_DATA_DIR);
  setIfDefined(layered, 'port', overrides.port ?? env.PORT);
  setIfDefined(layered, 'host', env.HOST);
  setIfDefined(layered, 'databaseUrl', overrides.databaseUrl ?? emptyToUndefined(env.DATABASE_URL));
  setIfDefined(layered, 'logLevel', env.LOG_LEVEL);
  setIfDefined(layered, 'apiToken', emptyToUndefined(env.STATUSWATCH_API_TOKEN));
  const parsed = configSchema.safeParse(layered);
  if (!parsed.success) throw new StatuswatchError('config', describeIssues(parsed.error, path));
  return parsed.data;
}

// --- internal ---

function defaultPath(): string | null {
  return existsSync('statuswatch.yaml') ? 'statuswatch.yaml' : null;
}

function readYaml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new StatuswatchError(
      'config',
      `cannot read config file ${path}: ${(e as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new StatuswatchError('config', `${path} is not valid YAML: ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new StatuswatchError('config', `${path} must hold a mapping of settings`);
  }
  return value as Record<string, unknown>;
}

function setIfDefined(
  target: Record<string, unknown>,
  key: string,
  value: string | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function describeIssues(error: z.ZodError, path: string | null): string {
  const where = path === null ? 'configuration' : path;
  const issue = error.issues[0];
  if (issue === undefined) return `invalid ${where}`;
  const key = issue.path.join('.') || '(root)';
  const keys =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => [...issue.path, k].join('.')).join(', ')
      : key;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `invalid ${where}: ${keys}: ${issue.message}${more}`;
}
