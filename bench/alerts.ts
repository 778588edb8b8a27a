/**
 * Alert fan-out and latency, through the real path: the fake vendor shows a new incident update,
 * `pollSource` ingests it (deliveries planned in the ingest transaction), the dispatcher woken by
 * the ingest notice sends signed webhooks to a receiver in another process on 127.0.0.1.
 *
 * 1. 10,000 webhook subscriptions, one event: time from the poll until all are handed over
 *    (goal < 10 s), and until the first one is (the latency a subscriber sees).
 * 2. 10 subscriptions, 100 successive updates: poll → first delivery handed over, p50/p99
 *    (goal p99 ≤ 1 s).
 * Baseline: raw undici Pool POSTs of the same body to the same receiver, same concurrency.
 * SQLite by default; BENCH_DATABASE_URL=postgres://… runs on PostgreSQL (a fresh schema).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Pool } from 'undici';
import {
  alertDeliveryPlanner,
  createChannels,
  startDispatcher,
  type Channels,
} from '../src/alerts/index.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { pollSource } from '../src/ingest/poll-source.ts';
import { openPostgresStore, openSqliteStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { scriptRoute, startFakeVendor } from '../test/fake-vendor.ts';

const FANOUT = Number(process.env.BENCH_ALERT_SUBSCRIPTIONS ?? 10_000);
const PER_HOST = 64;
const LATENCY_RUNS = 100;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? null;
/** PostgreSQL schemas made by this run, dropped at the end. */
const schemas: string[] = [];

const sink = await startSink();
const vendor = await startFakeVendor();
const dir = mkdtempSync(join(tmpdir(), 'sw-bench-alerts-'));
try {
  const fanout = await scenario(FANOUT, 3, 'fanout');
  const latency = await scenario(10, LATENCY_RUNS, 'latency');
  const baseline = await rawPosts(sink.url, FANOUT, PER_HOST);
  const all = fanout.map((r) => r.allMs);
  console.log(
    `alerts (${databaseUrl === null ? 'sqlite' : 'postgres'}, ${PER_HOST} sends in flight per host):`,
  );
  console.log(
    `  ${FANOUT} webhook subscriptions, one event: all handed over ${fmt(Math.max(...all))} after the poll (runs: ${all.map(fmt).join(', ')}; goal < 10 s)`,
  );
  console.log(
    `    = ${(FANOUT / (Math.min(...all) / 1000)).toFixed(0)} deliveries/s; first delivery ${fanout.map((r) => fmt(r.firstMs)).join(', ')} after the poll`,
  );
  console.log(
    `  baseline, raw undici POSTs of the same body: ${fmt(baseline)} (${(FANOUT / (baseline / 1000)).toFixed(0)}/s)`,
  );
  const firsts = latency.map((r) => r.firstMs).sort((a, b) => a - b);
  console.log(
    `  poll → first delivery handed over, ${LATENCY_RUNS} updates x 10 subscriptions: p50 ${fmt(pct(firsts, 50))}, p99 ${fmt(pct(firsts, 99))}, max ${fmt(firsts.at(-1) ?? 0)} (goal p99 ≤ 1 s)`,
  );
} finally {
  sink.stop();
  await vendor.close();
  await dropSchemas();
  rmSync(dir, { recursive: true, force: true });
}

// --- scenario ---

interface Run {
  firstMs: number;
  allMs: number;
}

/** `subscriptions` webhooks; `runs` polls that each see one new vendor update. */
async function scenario(subscriptions: number, runs: number, name: string): Promise<Run[]> {
  const store = await openStore(name);
  const notices = withIngestNotices(store);
  const channels = createChannels({
    http: { allowList: ['127.0.0.1'], connectionsPerHost: PER_HOST },
  });
  const fetcher = createFetcher({ allowList: ['127.0.0.1'] });
  const script = scriptRoute(
    pages(runs + 1).map((body) => ({ body, contentType: 'application/json' })),
    { autoAdvance: false },
  );
  vendor.route(`/${name}/api/v2/summary.json`, script);
  await addBenchProvider(store, name);
  await subscribeWebhooks(store, channels, subscriptions);
  await pollOnce(store, notices.store, fetcher, name); // the first sight is the baseline
  // Sends are counted as they end, in memory: asking the database "all delivered yet?" every few
  // milliseconds would compete with the dispatcher for SQLite's one connection.
  let delivered = 0;
  const dispatcher = startDispatcher({
    store: notices.store,
    channels,
    publicUrl: 'https://sw.example',
    onIngest: (l) => notices.onIngest(l),
    options: { perHostConcurrency: PER_HOST, concurrency: 256 },
    onAttempt: (r) => {
      if (r.outcome === 'delivered') delivered++;
    },
  });
  const results: Run[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      script.advance();
      const before = delivered;
      const t0 = Date.now();
      await pollOnce(store, notices.store, fetcher, name);
      while (delivered < before + subscriptions) await sleep(10);
      // handed_at is read back from the outbox: wait until the last results are written.
      while ((await store.alerts.countDeliveries()).pending > 0) await sleep(10);
      const deliveries = await store.alerts.listDeliveries({ limit: subscriptions });
      const handed = deliveries.map((d) => d.handedAt ?? Number.NaN);
      results.push({ firstMs: Math.min(...handed) - t0, allMs: Math.max(...handed) - t0 });
    }
  } finally {
    await dispatcher.stop();
    await channels.close();
    await fetcher.close();
    await store.close();
  }
  return results;
}

/** The scenario's provider: the scripted summary on the fake vendor. */
async function addBenchProvider(store: Store, name: string): Promise<void> {
  const poll = { intervalMs: 60_000, openIncidentIntervalMs: 15_000 };
  await store.addProvider(
    {
      slug: name,
      name,
      pageUrl: vendor.url,
      sourceUrl: `${vendor.url}/${name}/api/v2/summary.json`,
      format: 'statuspage-v2',
      poll,
      createdAt: 0,
    },
    0,
  );
}

/** `subscriptions` webhooks to the sink, every one taking every opened and updated incident. */
async function subscribeWebhooks(
  store: Store,
  channels: Channels,
  subscriptions: number,
): Promise<void> {
  for (let i = 0; i < subscriptions; i++) {
    const spec = {
      providers: 'all' as const,
      components: [],
      groups: [],
      minimumImpact: 'none' as const,
      events: ['opened' as const, 'updated' as const],
      channel: {
        kind: 'webhook' as const,
        url: `${sink.url}/hook/${i}`,
        secret: 'bench-secret-0123456789',
        format: 'statuswatch-v1' as const,
      },
    };
    await store.alerts.addSubscription({
      spec,
      target: channels.target(spec.channel),
      createdAt: 0,
    });
  }
}

async function pollOnce(
  store: Store,
  notified: Store,
  fetcher: ReturnType<typeof createFetcher>,
  slug: string,
): Promise<void> {
  const record = await store.getProvider(slug);
  if (record === null) throw new Error('provider vanished');
  const result = await pollSource(record, {
    store: notified,
    fetcher,
    deliveries: alertDeliveryPlanner(notified),
    clock: Date.now,
  });
  if (result.outcome !== 'ingested') throw new Error(`poll ${result.outcome}`);
}

/** Summary documents from the real GitHub capture: step k shows one open incident with k updates. */
function pages(count: number): string[] {
  const fixture = new URL(
    '../test/fixtures/vendors/statuspage-v2/github__summary.json',
    import.meta.url,
  );
  const real = JSON.parse(readFileSync(fixture, 'utf8')) as { page: object; components: object[] };
  const start = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, k) => {
    const at = (i: number) => new Date(start + i * 1_000).toISOString();
    const updates = Array.from({ length: k }, (_, i) => ({
      id: `upd${i}`,
      status: 'investigating',
      body: `Update number ${i}: still investigating.`,
      created_at: at(i),
      display_at: at(i),
      affected_components: [],
    }));
    const incidents =
      k === 0
        ? []
        : [
            {
              id: 'benchinc001',
              name: 'Benchmark incident',
              status: 'investigating',
              impact: 'major',
              created_at: at(0),
              updated_at: at(k),
              started_at: at(0),
              incident_updates: updates.reverse(),
            },
          ];
    return JSON.stringify({
      page: real.page,
      components: real.components,
      incidents,
      scheduled_maintenances: [],
    });
  });
}

async function openStore(name: string): Promise<Store> {
  if (databaseUrl === null) return openSqliteStore(join(dir, `${name}.db`));
  const schema = `sw_bench_alerts_${name}_${process.pid}`;
  schemas.push(schema);
  return openPostgresStore(databaseUrl, { schema });
}

async function dropSchemas(): Promise<void> {
  if (databaseUrl === null || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

// --- baseline and helpers ---

async function rawPosts(url: string, count: number, inFlight: number): Promise<number> {
  const pool = new Pool(url, { connections: inFlight });
  const body = JSON.stringify({ schema: 'statuswatch.alert/v1', padding: 'x'.repeat(900) });
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const res = await pool.request({
        path: `/hook/${next}`,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = performance.now() - t0;
  await pool.close();
  return ms;
}

async function startSink(): Promise<{ url: string; stop(): void }> {
  const script = fileURLToPath(new URL('./_alert-sink-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${chunk.toString().trim()}`,
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
