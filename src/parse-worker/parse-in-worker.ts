import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { StatuswatchError, type Snapshot, type SourceFormat } from '../domain/index.ts';
import type { PayloadMeta } from '../sources/index.ts';
import type { ParseOutcome, ParseTask } from './parse-task.ts';

/**
 * Longest a parse may take, queueing included, before its thread is terminated. Each parse
 * also holds its text work to a budget (src/sources/_checked-source.ts), so this only stops
 * what escapes the budget: a parser stuck in one call, or a payload the limits did not foresee.
 */
export const PARSE_DEADLINE_MS = 20_000;

/**
 * Parses a payload in the pool, off the main thread: the HTTP server and the scheduler keep
 * answering whatever a vendor sends. Rejects with the source's own StatuswatchError
 * (`parse`, `unsupported_format`), or `too_complex` when the deadline passes or the thread runs
 * out of memory.
 */
export async function parseInWorker(
  format: SourceFormat,
  body: string,
  meta: PayloadMeta,
  options: { deadlineMs?: number } = {},
): Promise<Snapshot> {
  const deadlineMs = options.deadlineMs ?? PARSE_DEADLINE_MS;
  const task: ParseTask = { format, body, meta };
  let outcome: ParseOutcome;
  try {
    outcome = (await pool().run(task, { signal: AbortSignal.timeout(deadlineMs) })) as ParseOutcome;
  } catch (error) {
    throw threadFailure(error, deadlineMs);
  }
  if (outcome.ok) return outcome.snapshot;
  if (outcome.kind === null) throw new Error(outcome.message);
  throw new StatuswatchError(outcome.kind, outcome.message);
}

/** Stops the pool's threads (idle threads never keep a process alive; this is for tests). */
export async function closeParsePool(): Promise<void> {
  const current = shared;
  shared = null;
  await current?.destroy();
}

// --- internal ---

let shared: Piscina | null = null;

function pool(): Piscina {
  shared ??= new Piscina({
    filename: workerFile(),
    // Two threads on a small machine: a bomb held to its deadline leaves one for everyone else.
    minThreads: 1,
    maxThreads: Math.max(2, Math.min(4, availableParallelism() - 1)),
    idleTimeout: 60_000,
    // A payload that balloons in memory kills its thread, not the process.
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  return shared;
}

/** From sources (tsx, or the test runner) the thread needs the tsx entry; a compiled build runs the .js. */
function workerFile(): string {
  const compiled = import.meta.url.endsWith('.js');
  return new URL(compiled ? './parse-task.js' : './parse-worker-entry.js', import.meta.url).href;
}

function threadFailure(error: unknown, deadlineMs: number): unknown {
  if (error instanceof Error && error.name === 'AbortError') {
    const seconds = String(Math.round(deadlineMs / 1000));
    return new StatuswatchError('too_complex', `parsing did not finish within ${seconds} s`, {
      cause: error,
    });
  }
  if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new StatuswatchError('too_complex', 'parsing ran out of memory', { cause: error });
  }
  return error;
}
