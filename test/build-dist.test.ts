import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run build` as a deployment uses it: the compiled tree runs under plain node, with no
 * TypeScript loader, and finds its migrations, static files, catalog and parse task.
 */
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
// Inside the project, so that the build resolves node_modules and package.json's "type" as
// dist/ does; ignored by git, lint and prettier (.build-test-*).
const outDir = mkdtempSync(join(ROOT, '.build-test-'));
const dataDir = mkdtempSync(join(tmpdir(), 'sw-build-data-'));

beforeAll(async () => {
  // --noCheck: type errors are `npm run typecheck`'s to find; this test is about what the build
  // emits and copies, and a full check would double its time on a busy machine.
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', outDir, '--noCheck'], {
    cwd: ROOT,
    timeout: 60_000,
  });
}, 70_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the build (node dist/cli/run.js)', () => {
  it('serves /healthz, a page and its static files from a fresh data dir', async () => {
    const child = spawn(
      process.execPath,
      [join(outDir, 'cli/run.js'), 'serve', '--no-poll', '--port', '0', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STATUSWATCH_CONFIG: '' } },
    );
    try {
      const address = await servingAddress(child);
      const health = await fetch(`${address}/healthz`);
      expect(await health.json()).toMatchObject({ ok: true, database: 'sqlite', providers: 0 });
      const page = await fetch(`${address}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('href="/static/app.css"');
      const css = await fetch(`${address}/static/app.css`);
      expect(css.status).toBe(200);
      expect(await css.text()).toBe(readFileSync(join(ROOT, 'src/web/static/app.css'), 'utf8'));
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 30_000);

  it('parses in a worker thread with the compiled task (no tsx in the thread)', async () => {
    const script = `
      const { parseInWorker, closeParsePool } = await import(process.argv[1]);
      const { readFileSync } = await import('node:fs');
      const meta = { url: null, fetchedAt: Date.now(), contentType: 'application/json' };
      const snapshot = await parseInWorker('statuspage-v2', readFileSync(process.argv[2], 'utf8'), meta);
      console.log(snapshot.components.length);
      await closeParsePool();`;
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      script,
      join(outDir, 'parse-worker/parse-in-worker.js'),
      join(ROOT, 'test/fixtures/vendors/statuspage-v2/github__summary.json'),
    ]);
    // github__summary.json lists 11 components (see its golden file).
    expect(stdout.trim()).toBe('11');
  });

  it('reads the catalog, and says the demo runs from sources', async () => {
    const cli = join(outDir, 'cli/run.js');
    const { stdout } = await run(process.execPath, [cli, 'catalog', 'show', 'github', '--json']);
    expect(stdout).toContain('githubstatus.com');
    const demo = await run(process.execPath, [cli, 'demo', '--data-dir', dataDir]).then(
      () => null,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(demo?.code).toBe(1);
    expect(demo?.stdout).toContain('the demo runs from sources only');
  });

  it('holds no test code', () => {
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => /\.test\.|contract|_test-|test-builders/.test(f))).toEqual([]);
    const withVitest = files.filter(
      (f) => f.endsWith('.js') && readFileSync(join(outDir, f), 'utf8').includes("'vitest'"),
    );
    expect(withVitest).toEqual([]);
  });
});

// --- internal ---

function servingAddress(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /serving (http:\/\/\S+)/.exec(output);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      reject(new Error(`serve exited with ${String(code)} before listening: ${output}`));
    });
  });
}
