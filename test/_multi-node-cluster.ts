/**
 * Helpers for the multi-node test: real `statuswatch serve --role …` child processes sharing one
 * PostgreSQL schema, and that schema's life. Children are started like `npm start` starts them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export type Role = 'web' | 'poll' | 'alerts';

export interface ServeNode {
  role: Role;
  /** `http://127.0.0.1:<port>` for a web node, null otherwise. */
  url: string | null;
  /** Everything the node printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** `kill -9`: none of the node's shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it is still running after 10 s. */
  stop(): Promise<void>;
}

export interface NodeSetup {
  configPath: string;
  databaseUrl: string;
  dataDir: string;
}

/** Starts `serve --role <role>` and resolves once it says it runs (a web node: its address). */
export async function startServeNode(role: Role, setup: NodeSetup): Promise<ServeNode> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--role', role, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        STATUSWATCH_CONFIG: setup.configPath,
        DATABASE_URL: setup.databaseUrl,
        STATUSWATCH_DATA_DIR: setup.dataDir,
      },
    },
  );
  let output = '';
  // Always read both pipes: a full pipe would block the child.
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = role === 'web' ? /serving (http:\/\/\S+)/ : /running as (poll|alerts) \(postgres\)/;
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = ready.exec(output);
      if (m !== null)
        settle(() => {
          resolve(m);
        });
    }, 20);
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => {
        reject(new Error(`${role} node did not start in 45 s:\n${output}`));
      });
    }, 45_000);
    const onExit = (code: number | null) => {
      settle(() => {
        reject(new Error(`${role} node exited (${String(code)}):\n${output}`));
      });
    };
    child.once('exit', onExit);
    function settle(then: () => void): void {
      clearInterval(timer);
      clearTimeout(deadline);
      child.off('exit', onExit);
      then();
    }
  });
  return {
    role,
    url: role === 'web' ? (match[1] ?? null) : null,
    output: () => output,
    kill: () => signalAndWait(child, 'SIGKILL'),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await signalAndWait(child, 'SIGTERM');
      clearTimeout(timer);
    },
  };
}

/** Polls `check` every 25 ms until it returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${String(timeoutMs)} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// --- internal ---

async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
