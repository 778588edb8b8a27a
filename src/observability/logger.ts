import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { prettyLine } from './_pretty-line.ts';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level: LoggerOptions['level'];
  /** Readable lines instead of JSON; by default when stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go; stdout by default (tests pass a collecting stream). */
  destination?: DestinationStream;
}

/**
 * The one logger of a process, made at the composition root and handed to whoever logs: JSON
 * lines for log collectors by default, one readable line per record on a terminal.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const pretty = settings.pretty ?? process.stdout.isTTY;
  const out = settings.destination ?? pino.destination({ dest: 1, sync: false });
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An API token or a webhook URL with its secret path must never reach a log line.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.api_token'],
  };
  if (!pretty) return pino(options, out);
  return pino(options, {
    write(line: string) {
      out.write(prettyLine(line));
    },
  });
}

/** A logger that drops everything: the default for code run without one (tests, one-shot CLI). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
