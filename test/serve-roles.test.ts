import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'sw-roles-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Runs `serve` with these flags until its first line (or exit), then stops it with SIGTERM. */
function serve(flags: string[]): Promise<{ firstLines: string; code: number | null }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/run.ts',
      'serve',
      '--port',
      '0',
      '--data-dir',
      join(root, 'data'),
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STATUSWATCH_CONFIG: '' } },
  );
  let output = '';
  let stopping = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start line in time: ${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Once: a second SIGTERM after the command has finished would kill it mid-exit.
      if (!stopping && /"msg":"started"/.test(output)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ firstLines: output, code });
    });
  });
}

describe('serve --role', () => {
  it('runs the alert dispatcher alone, without a web server', async () => {
    const run = await serve(['--role', 'alerts']);
    expect(run.firstLines).toContain('statuswatch running as alerts (sqlite)');
    expect(run.firstLines).not.toContain('serving http');
    expect(run.firstLines).toMatch(/"role":"alerts".*"msg":"started"/);
    expect(run.code).toBe(0);
  }, 30_000);

  it('refuses a role it does not know, naming the choices', async () => {
    const run = await serve(['--role', 'everything']);
    expect(run.firstLines).toMatch(/--role must be one of all, web, poll, alerts/);
    expect(run.code).not.toBe(0);
  }, 30_000);
});
