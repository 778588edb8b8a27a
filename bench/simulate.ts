/**
 * `statuswatch simulate` over githubstatus.com history (557 history.atom captures, 2022-06 →
 * 2023-12) --as statuspage-v2 at the default 60 s interval, beside its goals, then compared
 * with `import` of the same captures (issue 9, acceptance 1). The whole history is
 * SIMULATE_DAYS=646: the first capture also shows entries from 2022-03-24, so 570 days stop in
 * October 2023 and leave 23 of the 275 entries out. By default a 7-day slice runs and the
 * whole run is extrapolated.
 * SIMULATE_START_DAY=N starts the slice N days into the history (406: the week of May 2023 with
 * the most vendor updates, 79 in 5 incidents; 0, the default, has the most open-incident hours).
 * SIMULATE_AS=statuspage-feed watches the twin's history.atom instead.
 * Run with `npx tsx bench/simulate.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createFetcher } from '../src/fetch/index.ts';
import { openStore } from '../src/storage/index.ts';
import { reportLines, type SimulationReport } from '../src/twin/simulate-report.ts';
import { simulate, type TwinFormat } from '../src/twin/simulate.ts';
import { startTwin } from '../src/twin/twin-server.ts';
import { buildVendorHistory, type VendorHistory } from '../src/twin/vendor-history.ts';
import { cleanupReplay, replayFiles, unpackReplay } from '../test/replay-fixture.ts';
import { compareWithImport, comparisonLines } from './_simulate-vs-import.ts';

let lastTenth = 0;
const benchStarted = performance.now();
const DAYS = Number(process.env.SIMULATE_DAYS ?? '7');
const START_DAY = Number(process.env.SIMULATE_START_DAY ?? '0');
const AS: TwinFormat =
  process.env.SIMULATE_AS === 'statuspage-feed' ? 'statuspage-feed' : 'statuspage-v2';
/** 2022-03-24 (oldest entry the first capture shows) → 2023-12-29 plus the hour after. */
const FULL_DAYS = 646;
const GOALS =
  'goals: 18 months < 600 s; ≤ 75 requests per provider-hour; ≥ 90% 304s; lag p99 ≤ 75 s';

const dir = await unpackReplay();
const dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-simulate-'));
try {
  const built = performance.now();
  const history = await buildVendorHistory([dir]);
  const buildSeconds = (performance.now() - built) / 1000;
  console.log(
    `twin history: ${String(history.incidents.length)} incidents from the captures in ${buildSeconds.toFixed(1)} s`,
  );
  const store = await openStore({ databaseUrl: null, dataDir });
  const from = (history.changeTimes[0] ?? 0) - 60_000 + START_DAY * 86_400_000;
  const until = Math.min(
    from + DAYS * 86_400_000,
    (history.changeTimes.at(-1) ?? from) + 3_600_000,
  );
  const load = loadavg();
  const loadDuring = sampleLoad();
  // CPU seconds of every thread (parse workers included): unlike wall time, barely moved by
  // the other processes of a shared machine.
  const cpuBefore = process.cpuUsage();
  const report = await simulate({
    store,
    fetcher: createFetcher({ allowList: ['127.0.0.1'] }),
    history,
    providerSlug: 'github',
    as: AS,
    from,
    until,
    onProgress: progress,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const meanLoad = loadDuring.stop();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  for (const line of reportLines(report)) console.log(line);
  console.log(closingLine(report, history));
  const comparison = await compareWithImport(store, {
    simulatedSlug: 'github',
    importedSlug: 'github-imported',
    files: await replayFiles(dir),
    from,
    until,
  });
  for (const line of comparisonLines(comparison)) console.log(line);
  await store.close();
  const baseline = await rawConditionalGets(history, 2000);
  console.log(
    `  baseline: raw undici conditional GETs of summary.json from the twin, one at a time: ${baseline.toFixed(0)} req/s`,
  );
  const pollsPerSecond = report.polls / report.runSeconds;
  const fullSeconds = (report.runSeconds * FULL_DAYS) / Math.max(DAYS, 1);
  console.log(
    `simulate ${String(DAYS)} days --as ${AS}: ${report.runSeconds.toFixed(1)} s (${pollsPerSecond.toFixed(0)} polls/s); ` +
      `18 months ≈ ${fullSeconds.toFixed(0)} s  (${GOALS})`,
  );
  console.log(
    `  CPU: ${cpuSeconds.toFixed(1)} s, ${((1e6 * cpuSeconds) / report.polls).toFixed(0)} µs per poll; ` +
      `18 months ≈ ${((cpuSeconds * FULL_DAYS) / Math.max(DAYS, 1)).toFixed(0)} CPU s`,
  );
  const after = loadavg();
  console.log(
    `load average on ${String(availableParallelism())} cores: ${load.map((l) => l.toFixed(1)).join(' ')} at the start, ` +
      `${after.map((l) => l.toFixed(1)).join(' ')} at the end, ${meanLoad.toFixed(1)} on average during the run ` +
      `(1-minute figure every 10 s)`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
  await cleanupReplay();
}

function closingLine(r: SimulationReport, history: VendorHistory): string {
  const lag = r.lagSeconds;
  return (
    `summary: ${r.runSeconds.toFixed(1)} s, ${(r.polls / r.runSeconds).toFixed(0)} polls/s, ` +
    `${r.requestsPerHour.toFixed(1)} requests per provider-hour, ${(r.notModifiedShare * 100).toFixed(1)}% 304s, ` +
    `lag p50/p90/p99/max ${[lag.p50, lag.p90, lag.p99, lag.max].map((v) => (v === null ? '-' : v.toFixed(0))).join('/')} s, ` +
    `${String(r.incidentsStored)} incidents stored of ${String(history.incidents.length)} in the captures ` +
    `(${String(r.twinIncidents)} public during the run), ${String(r.stuckOpen.length)} stuck open`
  );
}

/**
 * The 1-minute load average every 10 s while the simulation runs: on a machine shared with other
 * work, wall time follows the load over the whole run, which the start and end figures miss.
 */
function sampleLoad(): { stop: () => number } {
  const samples = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), 10_000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return samples.reduce((a, b) => a + b, 0) / samples.length;
    },
  };
}

/** Every tenth of the simulated span, on stderr: a long run shows it is alive. */
function progress(now: number, from: number, until: number): void {
  const tenth = Math.floor((10 * (now - from)) / Math.max(1, until - from));
  if (tenth <= lastTenth) return;
  lastTenth = tenth;
  const seconds = (performance.now() - benchStarted) / 1000;
  process.stderr.write(
    `  ${String(tenth * 10)}% simulated (${new Date(now).toISOString()}) after ${seconds.toFixed(0)} s\n`,
  );
}

/**
 * The HTTP floor of one poll: a conditional GET answered 304 by the same twin, in sequence,
 * through an undici Pool as the fetcher uses (keep-alive, one connection), nothing else.
 */
async function rawConditionalGets(history: VendorHistory, count: number): Promise<number> {
  const now = history.changeTimes[0] ?? 0;
  const twin = await startTwin({ history, clock: () => now });
  const pool = new Pool(twin.url, { connections: 1 });
  try {
    const path = '/api/v2/summary.json';
    const first = await pool.request({ path, method: 'GET' });
    await first.body.text();
    const etag = String(first.headers.etag ?? '');
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      const res = await pool.request({ path, method: 'GET', headers: { 'if-none-match': etag } });
      await res.body.dump();
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await pool.close();
    await twin.close();
  }
}
