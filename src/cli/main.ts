import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/index.ts';
import { describeError } from '../domain/index.ts';
import { openStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { COMMANDS } from './commands.ts';
import { UsageError, type Command, type CommandContext, type OptionSpec } from './command.ts';

const GLOBAL_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Runs one command and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
export async function main(argv: string[], out = printLine): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    out(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    out(`statuswatch: unknown command "${name}". Run "statuswatch help" for the list.`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = (): void => {
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let store: Store | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) {
      out(`usage: statuswatch ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    const config = configFrom(values);
    const ctx: CommandContext = {
      positionals,
      values,
      config,
      store: async () => (store ??= await openStore(config)),
      out,
      signal: controller.signal,
    };
    return await command.run(ctx);
  } catch (error) {
    return reportError(command, error, out);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await (store as Store | null)?.close();
  }
}

// --- internal ---

function configFrom(values: Record<string, unknown>): Config {
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? values[k] : undefined;
  const overrides = {
    ...(str('data-dir') !== undefined ? { dataDir: str('data-dir') } : {}),
    ...(str('port') !== undefined ? { port: str('port') } : {}),
    ...(str('config') !== undefined ? { configPath: str('config') } : {}),
  } as Parameters<typeof loadConfig>[0];
  return loadConfig(overrides);
}

function reportError(command: Command, error: unknown, out: (line: string) => void): number {
  const isUsage =
    error instanceof UsageError ||
    (error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS'));
  if (isUsage) {
    out(
      `statuswatch ${command.name}: ${(error as Error).message} (usage: statuswatch ${command.usage})`,
    );
    return 2;
  }
  out(`statuswatch ${command.name}: ${oneLine(error)}`);
  if (process.env.STATUSWATCH_DEBUG === '1' && error instanceof Error) out(error.stack ?? '');
  return 1;
}

/**
 * `kind: message` for every error, as the README promises. A filesystem error that escaped as
 * Node's own (a data dir under a file: ENOTDIR, no permission: EACCES) is named `storage`: the
 * place to read or write files is what failed.
 */
function oneLine(error: unknown): string {
  if (isSystemError(error)) return `storage: ${error.message}`;
  return describeError(error);
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    'syscall' in error &&
    'code' in error &&
    typeof error.code === 'string'
  );
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: statuswatch <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'global options: --data-dir DIR, --port N, --config FILE, -h/--help',
  ].join('\n');
}

function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
