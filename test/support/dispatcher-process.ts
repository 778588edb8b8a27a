/**
 * The crash tests' dispatcher process (test/dispatcher-child.ts): started, awaited until it
 * runs, and the polling wait both tests use while it delivers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../dispatcher-child.ts', import.meta.url));

/** `args`: the child's (sqlite file, lease ms, and an SMTP port for mail). Resolves on "ready". */
export async function startDispatcherChild(
  args: readonly string[],
  children: ChildProcess[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('dispatcher child did not start'));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`dispatcher child exited with ${String(code)}`));
    });
  });
  return child;
}

/** Polls `condition` every 50 ms; past the time, fails with what `state` says. */
export async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  state: () => Promise<string>,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not done: ${await state()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
