/**
 * `statuswatch simulate` over githubstatus.com history (557 history.atom captures, 2022-06 →
 * 2023-12) --as statuspage-v2 at the default 60 s interval, beside its goals. The whole 18
 * months is SIMULATE_DAYS=570; by default a 7-day slice runs and the full run is extrapolated
 * (today's poll path runs far below the ~1,500 polls/s the full run needs in 10 minutes).
 * Run with `npx tsx bench/simulate.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFetcher } from '../src/fetch/index.ts';
import { openStore } from '../src/storage/index.ts';
import { reportLines } from '../src/twin/simulate-report.ts';
import { simulate } from '../src/twin/simulate.ts';
import { startTwin } from '../src/twin/twin-server.ts';
import { buildVendorHistory, type VendorHistory } from '../src/twin/vendor-history.ts';
import { cleanupReplay, unpackReplay } from '../test/replay-fixture.ts';

const DAYS = Number(process.env.SIMULATE_DAYS ?? '7');
const FULL_DAYS = 570;
const GOALS =
  'goals: 18 months < 600 s; ≤ 75 requests per provider-hour; ≥ 90% 304s; lag p99 ≤ 75 s';

const dir = await unpackReplay();
const dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-simulate-'));
try {
  const built = performance.now();
  const history = await buildVendorHistory([dir]);
  const buildSeconds = (performance.now() - built) / 1000;
  console.log(
    `twin history: ${history.incidents.length} incidents from the captures in ${buildSeconds.toFixed(1)} s`,
  );
  const store = await openStore({ databaseUrl: null, dataDir });
  const from = (history.changeTimes[0] ?? 0) - 60_000;
  const until = Math.min(
    from + DAYS * 86_400_000,
    (history.changeTimes.at(-1) ?? from) + 3_600_000,
  );
  const report = await simulate({
    store,
    fetcher: createFetcher({ allowList: ['127.0.0.1'] }),
    history,
    providerSlug: 'github',
    as: 'statuspage-v2',
    from,
    until,
  });
  await store.close();
  for (const line of reportLines(report)) console.log(line);
  const pollsPerSecond = report.polls / report.runSeconds;
  const fullSeconds = (report.runSeconds * FULL_DAYS) / Math.max(DAYS, 1);
  const baseline = await rawConditionalGets(history, 2000);
  console.log(
    `  baseline: raw conditional GETs of summary.json from the twin, one at a time: ${baseline.toFixed(0)} req/s`,
  );
  console.log(
    `simulate ${DAYS} days: ${report.runSeconds.toFixed(1)} s (${pollsPerSecond.toFixed(0)} polls/s); ` +
      `18 months ≈ ${fullSeconds.toFixed(0)} s  (${GOALS})`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
  await cleanupReplay();
}

/** The HTTP floor of one poll: a conditional GET answered 304 by the same twin, in sequence. */
async function rawConditionalGets(history: VendorHistory, count: number): Promise<number> {
  const now = history.changeTimes[0] ?? 0;
  const twin = await startTwin({ history, clock: () => now });
  try {
    const url = `${twin.url}/api/v2/summary.json`;
    const etag = (await fetch(url)).headers.get('etag') ?? '';
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      const res = await fetch(url, { headers: { 'if-none-match': etag } });
      await res.arrayBuffer();
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await twin.close();
  }
}
