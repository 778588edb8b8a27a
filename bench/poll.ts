/**
 * Poll throughput: one process polls 10,000 fake sources on 127.0.0.1 (90% answer 304, 10%
 * a changed ~45 KB Statuspage summary) through the real scheduler, fetcher, parser and SQLite
 * store. Baseline: raw undici Pool.request for the same requests against the same server.
 * Goal: ≥ 1,000 sources/s on this 2-core machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createFetcher } from '../src/fetch/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { createScheduler } from '../src/ingest/scheduler.ts';
import { openStore } from '../src/storage/index.ts';
import { startFleet } from './_fleet.ts';

const SOURCES = Number(process.env.BENCH_SOURCES ?? 10_000);
const CONCURRENCY = 64;

const fleet = await startFleet();
const dir = mkdtempSync(join(tmpdir(), 'sw-bench-poll-'));
const store = await openStore({ databaseUrl: null, dataDir: dir });
const fetcher = createFetcher({ allowList: ['127.0.0.1'], perHostConcurrency: CONCURRENCY });
try {
  for (let n = 0; n < SOURCES; n++) {
    await store.addProvider(
      {
        slug: `s${n}`,
        name: `Source ${n}`,
        pageUrl: `${fleet.url}/s/${n}`,
        sourceUrl: `${fleet.url}/s/${n}/api/v2/summary.json`,
        format: 'statuspage-v2',
        poll: { intervalMs: 60_000, openIncidentIntervalMs: 15_000 },
        createdAt: 0,
      },
      0,
    );
  }
  let clock = Date.now();
  const round = async (): Promise<{
    seconds: number;
    cpu: number;
    outcomes: Record<string, number>;
  }> => {
    clock += 3_600_000; // everything is due again
    const at = clock;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await createScheduler({
      deliveries: noDeliveries,
      store,
      fetcher,
      clock: () => at,
      concurrency: CONCURRENCY,
    }).runOnce();
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    const outcomes: Record<string, number> = {};
    for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    return { seconds, cpu: (used.user + used.system) / 1e6, outcomes };
  };
  const warm = await round(); // first sight: every source 200, stores ETags and incidents
  await fleet.change(10);
  const measured = await round();
  const rss = process.memoryUsage().rss / 2 ** 20;
  const baseline = await rawUndici(fleet.url);
  const rate = SOURCES / measured.seconds;
  console.log(
    `poll: ${SOURCES} sources, ${CONCURRENCY} in flight, 10% changed (${JSON.stringify(measured.outcomes)})`,
  );
  console.log(
    `  first round (all 200, all parsed and stored): ${(SOURCES / warm.seconds).toFixed(0)} sources/s`,
  );
  console.log(
    `  statuswatch: ${rate.toFixed(0)} sources/s, CPU ${((measured.cpu / measured.seconds) * 100).toFixed(0)}% of one core, RSS ${rss.toFixed(0)} MB`,
  );
  console.log(`  baseline raw undici Pool.request, same requests: ${baseline.toFixed(0)} req/s`);
  console.log(
    `  ratio statuswatch/undici: ${(rate / baseline).toFixed(2)}; goal ≥ 1000 sources/s: ${rate >= 1000 ? 'met' : 'NOT met'}`,
  );
} finally {
  await fetcher.close();
  await store.close();
  fleet.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The same mix of conditional GETs with nothing but undici: the ceiling for this machine. */
async function rawUndici(url: string): Promise<number> {
  const pool = new Pool(url, { connections: CONCURRENCY });
  const etags = new Map<number, string>();
  const get = async (n: number): Promise<void> => {
    const etag = etags.get(n);
    const res = await pool.request({
      path: `/s/${n}/api/v2/summary.json`,
      method: 'GET',
      headers: etag === undefined ? {} : { 'if-none-match': etag },
    });
    const tag = res.headers.etag;
    if (typeof tag === 'string') etags.set(n, tag);
    await res.body.arrayBuffer();
  };
  const sweep = async (): Promise<number> => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SOURCES) await get(next++);
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  await sweep(); // learn ETags
  await fetch(`${url}/change?every=10`, { method: 'POST' }).then((r) => r.text());
  const seconds = await sweep();
  await pool.close();
  return SOURCES / seconds;
}
