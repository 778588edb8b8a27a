import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/statuswatch.js');
const dir = mkdtempSync(join(tmpdir(), 'sw-cli-output-'));
const dataDir = join(dir, 'data');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real executable; stdout goes to a pipe (counted) or to a file descriptor. */
function run(args: string[], stdoutFd?: number): Promise<{ code: number | null; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', stdoutFd ?? 'pipe', 'inherit'],
    });
    let bytes = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, bytes });
    });
  });
}

/**
 * Reads one byte (so the writer has started), waits 2 s (the pipe's 64 KiB buffer is full and the
 * rest waits in the writer, which must not exit meanwhile), then counts the rest.
 */
const SLOW_READER = 'dd bs=1 count=1 2>/dev/null >/dev/null; sleep 2; wc -c';

function pipedIntoWc(args: string[]): Promise<number> {
  const quoted = [process.execPath, BIN, ...args, '--data-dir', dataDir].map((a) => `'${a}'`);
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${quoted.join(' ')} | { ${SLOW_READER}; }`], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      resolve(Number(out.trim()) + 1);
    });
  });
}

/**
 * Runs the real executable with stdout on a pipe whose reading end is closed before the command
 * writes anything: every write meets a reader that is gone (EPIPE), deterministically.
 */
function intoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stderr });
    });
  });
}

/** `statuswatch … | head -1` through a real shell; the command's exit code and stderr. */
function intoHead(args: string[]): Promise<{ code: number; stderr: string; line: string }> {
  const quoted = [process.execPath, BIN, ...args, '--data-dir', dataDir].map((a) => `'${a}'`);
  const errFile = join(dir, 'head.err');
  const script = `{ ${quoted.join(' ')} 2>'${errFile}'; echo $? >&3; } 3>&2 | head -1`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let line = '';
    let code = '';
    child.stdout.on('data', (chunk: Buffer) => {
      line += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      code += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      resolve({ code: Number(code.trim()), stderr: readFileSync(errFile, 'utf8'), line });
    });
  });
}

describe('CLI output on a pipe', () => {
  it('writes all of `incidents --json` before exiting, as much as to a file (> 64 KiB)', async () => {
    // Real GitHub captures: three history.atom of the replay sample, one of 2019, one of 2026.
    const captures = [
      'test/fixtures/replay-sample',
      'test/fixtures/vendors/statuspage-feed/github__history-2019-11-22.atom',
      'test/fixtures/vendors/statuspage-feed/github__history.atom',
    ].map((p) => join(ROOT, p));
    expect((await run(['import', ...captures, '--provider', 'github'])).code).toBe(0);
    const file = join(dir, 'incidents.json');
    const fd = openSync(file, 'w');
    const toFile = await run(['incidents', '--provider', 'github', '--json'], fd);
    closeSync(fd);
    expect(toFile.code).toBe(0);
    const size = readFileSync(file).length;
    expect(size).toBeGreaterThan(64 * 1024);
    // A real pipe into a reader slower than the writer, as `| jq` or `| less` can be.
    const piped = await pipedIntoWc(['incidents', '--provider', 'github', '--json']);
    expect(piped).toBe(size);
  }, 60_000);

  it('exits quietly with 0 when the reader closes the pipe early (`| head -1`)', async () => {
    // Needs the import of the test above. The JSON (> 64 KiB, more than the pipe holds) is
    // still being written when head exits; the table is written line by line into a pipe
    // already closed.
    const headed = await intoHead(['incidents', '--provider', 'github', '--json']);
    expect(headed.line.length).toBeGreaterThan(0);
    expect(headed.stderr).toBe('');
    expect(headed.code).toBe(0);
    for (const args of [['incidents', '--provider', 'github'], ['list']]) {
      const closed = await intoClosedPipe(args);
      expect(closed.stderr).toBe('');
      expect(closed.code).toBe(0);
    }
  }, 60_000);
});
