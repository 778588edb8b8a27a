import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testTempDir } from './support/temp-dir.ts';

/**
 * `npm start` as a new user runs it: a fresh data dir is created and migrated, and /healthz
 * answers. Run as a real child process through the same entry point as `npm start`.
 */
describe('statuswatch serve', () => {
  it('creates the data dir, migrates and answers /healthz, then stops cleanly on SIGTERM', async () => {
    const dataDir = join(testTempDir('sw-start-'), 'data');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/run.ts',
        'serve',
        '--no-poll',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STATUSWATCH_CONFIG: '' } },
    );
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no address in time: ${output}`));
      }, 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /serving (http:\/\/[^\s]+)/.exec(output);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
    });
    const res = await fetch(`${address}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: 'sqlite', providers: 0 });
    expect(existsSync(join(dataDir, 'statuswatch.db'))).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 30_000);
});
