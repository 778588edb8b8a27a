/**
 * How long `statuswatch import` takes on 18 months of githubstatus.com captures (557 files),
 * next to the time it takes merely to read them. Run with `npx tsx bench/import.ts`.
 * PostgreSQL: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { openPostgresStore, openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { cleanupReplay, replayFiles, unpackReplay } from '../test/replay-fixture.ts';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GOAL = 'goal: < 10 s on this machine';

interface Figure {
  seconds: number;
  bytes: number;
  files: number;
}

const dir = await unpackReplay();
try {
  const files = await replayFiles(dir);
  const read = await timeRead(files);
  print('read', read);
  const sqliteDir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-'));
  try {
    print(
      'import sqlite',
      await timeImport(await openStore({ databaseUrl: null, dataDir: sqliteDir }), dir, read),
      read,
    );
  } finally {
    await rm(sqliteDir, { recursive: true, force: true });
  }
  await benchPostgres(dir, read);
} finally {
  await cleanupReplay();
}

// --- internal ---

async function timeRead(files: readonly string[]): Promise<Figure> {
  const started = performance.now();
  let bytes = 0;
  for (const file of files) bytes += (await readFile(file)).byteLength;
  return { seconds: (performance.now() - started) / 1000, bytes, files: files.length };
}

/** Imports the folder into the (fresh) store and closes it. */
async function timeImport(store: Store, folder: string, read: Figure): Promise<Figure> {
  try {
    const started = performance.now();
    const summary = await importCaptures(store, [folder], { providerSlug: 'github' });
    return {
      seconds: (performance.now() - started) / 1000,
      bytes: read.bytes,
      files: summary.files,
    };
  } finally {
    await store.close();
  }
}

async function benchPostgres(folder: string, read: Figure): Promise<void> {
  const schema = `bench_import_${String(process.pid)}`;
  let store: Store;
  try {
    store = await openPostgresStore(POSTGRES_URL, { schema });
  } catch (e) {
    console.log(`import postgres  skipped: ${POSTGRES_URL} unreachable (${(e as Error).message})`);
    return;
  }
  try {
    print('import postgres', await timeImport(store, folder, read), read);
  } finally {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

function print(label: string, f: Figure, read?: Figure): void {
  const mb = f.bytes / 1e6;
  const parts = [
    label.padEnd(16),
    `${f.seconds.toFixed(2).padStart(6)} s`,
    `${(mb / f.seconds).toFixed(1).padStart(7)} MB/s`,
    `${(f.files / f.seconds).toFixed(0).padStart(6)} captures/s`,
    `(${String(f.files)} files, ${mb.toFixed(1)} MB)`,
  ];
  if (read !== undefined) parts.push(`import/read ${(f.seconds / read.seconds).toFixed(0)}x`, GOAL);
  console.log(parts.join('  '));
}
