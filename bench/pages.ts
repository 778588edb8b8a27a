/**
 * Pages under load: with 1,000 providers and 20,000 incidents stored, requests/s and p99 for
 * the dashboard, an incident page and /api/v2/summary.json under 64 connections (autocannon),
 * beside nginx serving the same bytes as static files on the same machine.
 * Run with `npx tsx bench/pages.ts` (BENCH_SECONDS=10 by default). Goal: at least 0.5x nginx.
 */
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Component, IncidentUpdate, Provider, StoredIncident } from '../src/domain/index.ts';
import { HEALTHY } from '../src/ingest/source-health.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { CONNECTIONS, NGINX, fmt, load, startNginx } from './_nginx-baseline.ts';

const PROVIDERS = 1_000;
const INCIDENTS_PER_PROVIDER = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const NOW = Date.now();
const MINUTE = 60_000;

const dir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-pages-'));
const raw = await openSqliteStore(join(dir, 'statuswatch.db'));
let nginx: ChildProcess | null = null;
try {
  const seeded = performance.now();
  await seed(raw);
  console.log(
    `seeded ${PROVIDERS} providers, ${PROVIDERS * INCIDENTS_PER_PROVIDER} incidents in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );
  const notices = withIngestNotices(raw);
  const store = notices.store;
  const app = createWebServer({ store, onIngest: (listener) => notices.onIngest(listener) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const ours = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const pages = {
    dashboard: '/',
    incident: '/providers/p0500/incidents/p0500-i07',
    summary: '/api/v2/summary.json',
  };
  const root = join(dir, 'www');
  await mkdir(root);
  // nginx workers run as an unprivileged user: the temp folder must be readable by them.
  await chmod(dir, 0o755);
  for (const [name, path] of Object.entries(pages)) {
    const started = performance.now();
    const res = await fetch(ours + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const ms = (performance.now() - started).toFixed(0);
    await writeFile(join(root, name), bytes);
    console.log(
      `${path}: ${(bytes.length / 1024).toFixed(0)} KB, first (uncached) render ${ms} ms`,
    );
  }
  const nginxUrl = await startNginx(dir, root, 'summary');
  if (nginxUrl === null)
    console.log(`nginx not found at ${NGINX} (apt-get install -y nginx): no ratio`);
  else nginx = nginxUrl.process;
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s each; nginx with 1 worker (node serves on one core)`,
  );
  console.log('page        statuswatch req/s   p99 ms | nginx req/s   p99 ms | ratio');
  for (const [name, path] of Object.entries(pages)) {
    const a = await load(ours + path, SECONDS);
    const b = nginxUrl === null ? null : await load(`${nginxUrl.url}/${name}`, SECONDS);
    const ratio = b === null ? 'n/a' : `${(a.requests.average / b.requests.average).toFixed(2)}x`;
    console.log(
      `${name.padEnd(11)} ${fmt(a)} | ${b === null ? 'n/a'.padStart(20) : fmt(b)} | ${ratio}`,
    );
  }
  console.log('goal: >= 0.5x nginx');
  await app.close();
} finally {
  nginx?.kill('SIGTERM');
  await raw.close();
  await rm(dir, { recursive: true, force: true });
}

// --- internal ---

/** 1,000 providers with 10 components each; 20 incidents per provider, one in 50 still open. */
async function seed(store: Store): Promise<void> {
  for (let p = 0; p < PROVIDERS; p++) {
    const slug = `p${String(p).padStart(4, '0')}`;
    const provider: Provider = {
      slug,
      name: `Vendor ${p}`,
      pageUrl: `https://status.v${p}.test`,
      sourceUrl: `https://status.v${p}.test/api/v2/summary.json`,
      format: 'statuspage-v2',
      poll: { intervalMs: 60 * MINUTE, openIncidentIntervalMs: 15 * MINUTE },
      createdAt: NOW - 400 * 1440 * MINUTE,
    };
    await store.addProvider(provider, provider.createdAt);
    const components: Component[] = Array.from({ length: 10 }, (_, c) => ({
      vendorId: `${slug}-c${c}`,
      name: `Component ${c}`,
      groupName: c < 5 ? 'Core' : 'Edge',
      status: 'operational',
      position: c,
    }));
    const incidents = Array.from({ length: INCIDENTS_PER_PROVIDER }, (_, i) =>
      incident(slug, i, components),
    );
    const state = await store.loadProviderState(slug, []);
    await store.applyIngest({
      providerSlug: slug,
      components,
      incidents,
      events: [],
      imported: true,
      status: incidents.some((i) => i.status !== 'resolved') ? 'partial_outage' : 'operational',
      source: {
        ...state.source,
        nextPollAt: NOW + 60 * MINUTE,
        health: { ...HEALTHY, lastSuccessAt: NOW },
      },
    });
  }
}

function incident(slug: string, i: number, components: Component[]): StoredIncident {
  const start = NOW - (i * 9 + 1) * 1440 * MINUTE - i * 37 * MINUTE;
  const open = i === 0 && slug.endsWith('0');
  const update = (k: number, status: IncidentUpdate['status']): IncidentUpdate => ({
    vendorId: `u${k}`,
    status,
    label: null,
    displayedAt: start + k * 20 * MINUTE,
    createdAt: start + k * 20 * MINUTE,
    bodyHtml: `<p>Update ${k}: we are looking into elevated error rates for some customers of ${slug}.</p>`,
    bodyText: `Update ${k}: we are looking into elevated error rates for some customers of ${slug}.`,
    affectedComponents: components.slice(0, 2).map((c) => ({
      vendorId: c.vendorId,
      name: c.name,
      oldStatus: 'operational',
      newStatus: 'partial_outage',
    })),
  });
  return {
    providerSlug: slug,
    vendorId: `${slug}-i${String(i).padStart(2, '0')}`,
    title: `Elevated errors on ${slug} (${i})`,
    kind: 'incident',
    impact: (['minor', 'major', 'critical', 'none'] as const)[i % 4] ?? 'minor',
    status: open ? 'investigating' : 'resolved',
    createdAt: start,
    startedAt: start,
    monitoringAt: null,
    resolvedAt: open ? null : start + 60 * MINUTE,
    scheduledFor: null,
    scheduledUntil: null,
    url: `https://status.${slug}.test/incidents/${i}`,
    shortlink: null,
    components: components
      .slice(0, 2)
      .map((c) => ({ vendorId: c.vendorId, name: c.name, oldStatus: null, newStatus: null })),
    updates: open
      ? [update(0, 'investigating')]
      : [update(0, 'investigating'), update(1, 'identified'), update(2, 'resolved')],
    postmortem: null,
    isTemplate: false,
    firstSeenAt: start + MINUTE,
    backfilled: false,
    lastChangedAt: start + 60 * MINUTE,
    previousTitles: [],
    ingestAnomalies: [],
  };
}
