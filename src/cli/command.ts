import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/index.ts';
import type { Store } from '../storage/store.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  config: Config;
  /** Opens (and migrates) the store once; `main` closes it after the command. */
  store(): Promise<Store>;
  out(line: string): void;
  /** Aborted on SIGINT/SIGTERM, for long-running commands. */
  signal: AbortSignal;
}

/**
 * A CLI command is data: its name, help and options, and a `run` that returns an exit code.
 * Errors are thrown, never printed here; `main` prints them as one line.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpec;
  run(ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

export function requirePositional(ctx: CommandContext, index: number, what: string): string {
  const v = ctx.positionals[index];
  if (v === undefined || v === '') throw new UsageError(`missing ${what}`);
  return v;
}
