/**
 * Poll throughput: one process polls 10,000 fake sources on 127.0.0.1 (90% answer 304, 10%
 * a changed ~45 KB Statuspage summary) through the real scheduler, fetcher, parser and SQLite
 * store. Baseline: raw undici Pool.request for the same requests against the same server.
 * Goals (issue 13): ≥ 0.5× raw undici; first round (all 200) ≥ 2,000 sources/s; RSS < 150 MB.
 *
 * The providers are added when the first round starts, and the measured round comes one poll
 * interval later (70 s: every summary is due again, 15 s with the fixture's open incident, 60 s
 * without), as in steady state: the history companions and the hourly stale sweep keep their
 * own schedules (every companion was first polled in the first round, due again 9–11 min later).
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
/** Every n-th source changes between the rounds (BENCH_CHANGED_EVERY=100000: all 304 but one). */
const CHANGED_EVERY = Number(process.env.BENCH_CHANGED_EVERY ?? 10);
const CONCURRENCY = 64;

const fleet = await startFleet();
// Five minutes past an hour, so the two rounds fall in one hour of the stale sweep.
const START = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 5 * 60_000;
const STEP_MS = 70_000;
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
        createdAt: START,
      },
      START,
    );
  }
  const round = async (
    at: number,
  ): Promise<{
    seconds: number;
    cpu: number;
    outcomes: Record<string, number>;
  }> => {
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
  const warm = await round(START); // first sight: every source 200, stores ETags and incidents
  const afterFirst = process.memoryUsage().rss / 2 ** 20;
  await fleet.change(CHANGED_EVERY);
  const measured = await round(START + STEP_MS);
  const rss = process.memoryUsage().rss / 2 ** 20;
  const baseline = await rawUndici(fleet.url);
  // The machine is shared: CPU time per source says what wall time cannot.
  const cpuPerSource = (r: { cpu: number }): string => ((r.cpu / SOURCES) * 1000).toFixed(2);
  const rate = SOURCES / measured.seconds;
  console.log(
    `poll: ${SOURCES} sources, ${CONCURRENCY} in flight, 1 in ${CHANGED_EVERY} changed (${JSON.stringify(measured.outcomes)})`,
  );
  console.log(
    `  first round (all 200, all parsed and stored): ${(SOURCES / warm.seconds).toFixed(0)} sources/s (${JSON.stringify(warm.outcomes)}), CPU ${((warm.cpu / warm.seconds) * 100).toFixed(0)}% of one core (${cpuPerSource(warm)} ms/source), RSS after it ${afterFirst.toFixed(0)} MB`,
  );
  console.log(
    `  statuswatch: ${rate.toFixed(0)} sources/s, CPU ${((measured.cpu / measured.seconds) * 100).toFixed(0)}% of one core (${cpuPerSource(measured)} ms/source), RSS ${rss.toFixed(0)} MB`,
  );
  console.log(
    `  baseline raw undici Pool.request, same requests: ${baseline.rate.toFixed(0)} req/s, ${((baseline.cpu / SOURCES) * 1000).toFixed(2)} ms CPU/request`,
  );
  const ratio = rate / baseline.rate;
  const firstRate = SOURCES / warm.seconds;
  console.log(
    `  ratio statuswatch/undici: ${ratio.toFixed(2)} (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}); first round goal ≥ 2000/s: ${firstRate >= 2000 ? 'met' : 'NOT met'}; RSS goal < 150 MB: ${rss < 150 ? 'met' : 'NOT met'}`,
  );
} finally {
  await fetcher.close();
  await store.close();
  fleet.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The same mix of conditional GETs with nothing but undici: the ceiling for this machine. */
async function rawUndici(url: string): Promise<{ rate: number; cpu: number }> {
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
  const sweep = async (): Promise<{ seconds: number; cpu: number }> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SOURCES) await get(next++);
      }),
    );
    const used = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - t0) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
  await sweep(); // learn ETags
  await fetch(`${url}/change?every=${CHANGED_EVERY}`, { method: 'POST' }).then((r) => r.text());
  const measured = await sweep();
  await pool.close();
  return { rate: SOURCES / measured.seconds, cpu: measured.cpu };
}
