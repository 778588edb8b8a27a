import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface Fleet {
  url: string;
  /** Gives every `every`-th source a new body. */
  change(every: number): Promise<void>;
  stop(): void;
}

/** Starts bench/_fleet-server.ts in a child process and waits for its port. */
export async function startFleet(): Promise<Fleet> {
  const script = fileURLToPath(new URL('./_fleet-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout ?? process.stdin, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}`;
  return {
    url,
    async change(every) {
      const res = await fetch(`${url}/change?every=${every}`, { method: 'POST' });
      await res.text();
    },
    stop() {
      child.stdin?.end();
      child.kill();
    },
  };
}
