/**
 * Child process of web-cache-memory.test.ts: a seeded server with its page cache on, flooded
 * over real HTTP with GETs that differ only in junk. Run with --expose-gc: RSS is read after
 * full collections, not wherever the collector happened to be. (Not `app.inject`: it retains
 * request objects of its own and would measure itself.) Prints one JSON line.
 */
import { Pool } from 'undici';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createWebServer } from '../src/web/server.ts';
import { SEED_NOW, seedStore } from './browser/_seed.ts';

const REQUESTS = Number(process.argv[2] ?? 10_000);
const PAGES = ['/', '/incidents', '/providers/github', '/search?q=degraded', '/api/v1/incidents'];

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const raw = await openSqliteStore(':memory:');
await seedStore(raw);
const notices = withIngestNotices(raw);
const app = createWebServer({
  store: notices.store,
  onIngest: (listener) => notices.onIngest(listener),
  clock: () => SEED_NOW,
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const pool = new Pool(address, { connections: 4 });

/**
 * Nine in ten carry an unknown parameter (one cached page each); one in ten a known parameter
 * with a fresh value (`?q=junk123`): rendered and kept, so the byte bound is what holds them.
 */
function junkUrl(i: number): string {
  if (i % 10 === 9) return `/search?q=junk${i}`;
  const page = PAGES[i % PAGES.length] ?? '/';
  return `${page}${page.includes('?') ? '&' : '?'}utm_junk${i}=${i}`;
}

async function flood(from: number, count: number): Promise<number> {
  let ok = 0;
  const next = { i: from };
  const worker = async () => {
    while (next.i < from + count) {
      const res = await pool.request({ path: junkUrl(next.i++), method: 'GET' });
      await res.body.dump();
      if (res.statusCode === 200) ok += 1;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return ok;
}

const rssMb = async (): Promise<number> => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

// Warm-up: code compiled, statements prepared, each page rendered once.
await flood(0, 200);
const before = await rssMb();
const t0 = performance.now();
const ok = await flood(200, REQUESTS);
const seconds = (performance.now() - t0) / 1000;
const after = await rssMb();
process.stdout.write(
  `${JSON.stringify({ requests: REQUESTS, ok, beforeMb: before, afterMb: after, growthMb: after - before, seconds })}\n`,
);
await pool.close();
await app.close();
await raw.close();
