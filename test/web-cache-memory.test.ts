import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./_cache-rss-child.ts', import.meta.url));

/** Runs the flood in a fresh process, so the figure is that server's RSS and nothing else's. */
function runChild(requests: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, String(requests)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${String(code)}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
    });
  });
}

describe('page cache under a flood of junk URLs', () => {
  it('grows RSS by less than 50 MB over 10,000 junk-parameter GETs', async () => {
    const figures = await runChild(10_000);
    console.log(
      `junk GETs: ${figures.requests} (${figures.ok} answered 200) in ${figures.seconds?.toFixed(1)} s; ` +
        `RSS ${figures.beforeMb?.toFixed(0)} → ${figures.afterMb?.toFixed(0)} MB (after forced gc)`,
    );
    expect(figures.ok).toBe(10_000);
    expect(figures.growthMb).toBeLessThan(50);
  }, 240_000);
});
