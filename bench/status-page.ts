/**
 * The own status page under load (issue 12, acceptance 7): `/status` and
 * `/status/api/v2/summary.json` on the public listener (`page.listen`), requests/s and p99
 * under 64 connections (autocannon), beside nginx serving the same bytes as static files.
 * The page: 20 components in 4 groups, one incident a day for 120 days (opened, two updates,
 * resolved; one in five with a postmortem), one open incident, one maintenance in progress and
 * one upcoming, all written through the authoring actions and ingest, as `statuswatch page`
 * writes them. Run with `npx tsx bench/status-page.ts` (BENCH_SECONDS=10 by default).
 * Goal: at least 0.5x nginx.
 */
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentIdOf, pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import {
  authorNew,
  authorOn,
  draftPostmortemOn,
  openIncident,
  postUpdate,
  publishPostmortemOn,
  resolveIncident,
  scheduleMaintenance,
  startMaintenance,
  type OwnPageWriter,
} from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createPublicListener } from '../src/web/public-listener.ts';
import {
  CONNECTIONS,
  fmt,
  load,
  nginxCpuMs,
  ownCpuMs,
  startNginx,
  type LoadResult,
} from './_nginx-baseline.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
const DAYS = 120;
const NOW = Date.now();
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'Europe/Berlin',
  components: ['Europe', 'North America', 'Asia Pacific', 'Platform'].flatMap((group) =>
    ['API', 'Dashboard', 'Webhooks', 'Email delivery', 'Search'].map((name) => ({ id: `${group}-${name}`.toLowerCase().replace(/\W+/g, '-'), name, group })),
  ),
}); // prettier-ignore
const ids = page.components.map(componentIdOf);

const dir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-status-'));
const raw = await openSqliteStore(join(dir, 'statuswatch.db'));
let nginx: ChildProcess | null = null;
try {
  const started = performance.now();
  const writes = await seed({ store: raw, page, deliveries: noDeliveries });
  console.log(`seeded ${String(writes)} authoring writes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const notices = withIngestNotices(raw);
  const app = createPublicListener({
    store: notices.store,
    onIngest: (listener) => notices.onIngest(listener),
    page: { ...page, listen: { host: '127.0.0.1', port: 0 } },
    apiToken: null,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const ours = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`;
  const pages = { home: '/status', summary: '/status/api/v2/summary.json' };
  const root = join(dir, 'www');
  await mkdir(root);
  // nginx workers run as an unprivileged user: the temp folder must be readable by them.
  await chmod(dir, 0o755);
  for (const [name, path] of Object.entries(pages)) {
    const t = performance.now();
    const res = await fetch(ours + path);
    if (res.status !== 200) throw new Error(`${path}: ${String(res.status)}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    await writeFile(join(root, name), bytes);
    console.log(`${path}: ${(bytes.length / 1024).toFixed(0)} KB, first (uncached) render ${(performance.now() - t).toFixed(0)} ms`);
  }
  const baseline = await startNginx(dir, root, 'summary');
  if (baseline === null) console.log('nginx not found at /usr/sbin/nginx (apt-get install -y nginx): no ratio');
  else nginx = baseline.process;
  // autocannon sends no Accept-Encoding (only Host and Connection): both sides send the identity
  // bytes, the ones written to nginx's root above, so the comparison is byte for byte.
  console.log(`\n${String(CONNECTIONS)} connections, ${String(SECONDS)} s each; nginx with 1 worker (node serves on one core); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('page        statuswatch req/s   p99 ms | nginx req/s   p99 ms | ratio | CPU µs/request: ours, nginx, ratio');
  // Warm-up, not measured: the first seconds after seeding paid for its garbage (a major GC) and
  // for JIT warm-up, which made whichever page ran first look up to half again as costly.
  for (const [name, path] of Object.entries(pages)) {
    await load(ours + path, WARM_UP_SECONDS);
    if (baseline !== null) await load(`${baseline.url}/${name}`, WARM_UP_SECONDS);
  }
  for (const [name, path] of Object.entries(pages)) {
    const a = await measured(() => load(ours + path, SECONDS), ownCpuMs);
    const pid = baseline?.process.pid;
    const b = baseline === null || pid === undefined ? null : await measured(() => load(`${baseline.url}/${name}`, SECONDS), () => nginxCpuMs(pid));
    const ratio = b === null ? 'n/a' : `${(a.result.requests.average / b.result.requests.average).toFixed(2)}x`;
    const cpu = b === null ? 'n/a' : `${a.cpuUs.toFixed(0)}, ${b.cpuUs.toFixed(0)}, ${(b.cpuUs / a.cpuUs).toFixed(2)}x`;
    console.log(`${name.padEnd(11)} ${fmt(a.result)} | ${b === null ? 'n/a'.padStart(20) : fmt(b.result)} | ${ratio} | ${cpu}`);
  }
  // Requests per second swing with whatever else the machine runs; CPU per request does not.
  console.log(`goal: >= 0.5x nginx (the CPU ratio is the throughput ratio on an otherwise idle core); load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await app.close();
} finally {
  nginx?.kill('SIGTERM');
  await raw.close();
  await rm(dir, { recursive: true, force: true });
} // prettier-ignore

// --- internal ---

/** A load run with the CPU time the server spent per request during it. */
async function measured(run: () => Promise<LoadResult>, cpuMs: () => number) {
  const before = cpuMs();
  const result = await run();
  const served = result.requests.average * SECONDS;
  return { result, cpuUs: ((cpuMs() - before) * 1000) / served };
}

/** The page's history through the authoring actions; returns how many writes it took. */
async function seed(writer: OwnPageWriter): Promise<number> {
  let writes = 0;
  for (let d = DAYS; d >= 1; d--) {
    const at = NOW - d * DAY + (d % 24) * 37 * MINUTE;
    const hit = ids.slice(d % ids.length, (d % ids.length) + 2);
    const body = `Requests to ${hit.join(' and ')} fail for some customers in day ${String(d)}; we are investigating.`;
    const opened = await authorNew(writer, at, (cs, ctx) =>
      openIncident(cs, { title: `Elevated errors (${String(d)})`, impact: (['minor', 'major', 'critical'] as const)[d % 3], body, components: Object.fromEntries(hit.map((id) => [id, 'partial_outage'])) }, ctx),
    );
    const code = opened.vendorId;
    await authorOn(writer, at + 20 * MINUTE, code, (cs, i, ctx) => postUpdate(cs, i, { code, status: 'identified', body: 'The cause is a failed deploy; rolling back.' }, ctx));
    await authorOn(writer, at + 40 * MINUTE, code, (cs, i, ctx) => postUpdate(cs, i, { code, status: 'monitoring', body: 'Rolled back; error rates are back to normal. Monitoring.' }, ctx));
    await authorOn(writer, at + 60 * MINUTE, code, (cs, i, ctx) => resolveIncident(cs, i, { code }, ctx));
    writes += 4;
    if (d % 5 === 0) {
      await draftPostmortemOn(writer, at + DAY, { code, body: '## What happened\n\nA deploy failed.\n\n## What we do\n\n- Canary deploys\n- Faster rollback' });
      await publishPostmortemOn(writer, at + 2 * DAY, { code });
      writes += 2;
    }
  }
  await authorNew(writer, NOW - 30 * MINUTE, (cs, ctx) =>
    openIncident(cs, { title: 'Delayed webhooks', impact: 'minor', body: 'Webhooks are delayed by up to five minutes.', components: { [ids[2] ?? '']: 'degraded_performance' } }, ctx),
  );
  const active = await authorNew(writer, NOW - 2 * DAY, (cs, ctx) =>
    scheduleMaintenance(cs, { title: 'Search index rebuild', body: 'Search results may be incomplete.', scheduledFor: NOW - 60 * MINUTE, scheduledUntil: NOW + 60 * MINUTE, components: [ids[4] ?? ''] }, ctx),
  );
  await authorOn(writer, NOW - 60 * MINUTE, active.vendorId, (cs, i, ctx) => startMaintenance(cs, i, { code: active.vendorId }, ctx));
  await authorNew(writer, NOW - DAY, (cs, ctx) =>
    scheduleMaintenance(cs, { title: 'Database upgrade', body: 'No downtime expected.', scheduledFor: NOW + 3 * DAY, scheduledUntil: NOW + 3 * DAY + 120 * MINUTE, components: [ids[0] ?? ''] }, ctx),
  );
  return writes + 4;
} // prettier-ignore
