import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

const LINE = /Archive: not polling; data through (\d{4}-\d{2}-\d{2})/;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The newest update or incident time of the seed, read the long way round. */
async function newestDay(store: Store): Promise<string> {
  const incidents = await store.listIncidents({ limit: 10_000 });
  const times = incidents.flatMap((i) => [
    i.resolvedAt ?? i.startedAt ?? i.createdAt ?? i.firstSeenAt,
    ...i.updates.map((u) => u.createdAt ?? u.displayedAt ?? 0),
  ]);
  return new Date(Math.max(...times)).toISOString().slice(0, 10);
}

describe('archive mode', () => {
  it('puts the line on every page, keeps ETags and 304s honest, and survives gzip', async () => {
    const store = await openSqliteStore(':memory:');
    await seedStore(store);
    const newest = await store.newestDataTime();
    const archive = createWebServer({
      store,
      clock: () => SEED_NOW,
      archive: { newestDataTime: newest },
    });
    const live = createWebServer({ store, clock: () => SEED_NOW });
    for (const url of [
      '/',
      '/providers/github',
      '/incidents',
      '/search?q=github',
      '/api/docs',
      '/nowhere',
    ]) {
      const page = await archive.inject(url);
      expect([url, LINE.exec(page.body)?.[1]]).toEqual([url, await newestDay(store)]);
      expect((await live.inject(url)).body).not.toContain('Archive:');
    }
    const first = await archive.inject('/');
    const other = await live.inject('/');
    expect(first.headers.etag).not.toBe(other.headers.etag);
    const again = await archive.inject({
      url: '/',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const zipped = await archive.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toMatch(LINE);
    expect((await archive.inject('/api/v1/providers')).body).not.toContain('Archive:');
    await Promise.all([archive.close(), live.close()]);
    await store.close();
  });

  it('`serve --no-poll` on a stored history says how far the data goes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-archive-'));
    dirs.push(dataDir);
    const store = await openSqliteStore(join(dataDir, 'statuswatch.db'));
    await seedStore(store);
    const expected = await newestDay(store);
    await store.close();
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
    try {
      const address = await serving(child.stdout);
      const page = await (await fetch(`${address}/`)).text();
      expect(LINE.exec(page)?.[1]).toBe(expected);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  }, 30_000);
});

async function serving(stdout: NodeJS.ReadableStream): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no address in time: ${output}`));
    }, 20_000);
    stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /serving (http:\/\/[^\s]+)/.exec(output);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}
