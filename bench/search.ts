/**
 * Search at scale: 1,000 providers, 100,000 incidents, ~1,000,000 updates written through the
 * store's ingest write (`applyIngest`, as poll and import use it), then 20 typical searches, each
 * timed 5 times, on SQLite and on PostgreSQL. Beside them, the same number of plain indexed
 * reads (`listIncidents` of one provider, 20 rows) on the same database. Goal: p95 < 50 ms.
 *
 * Run with `npx tsx bench/search.ts`. SEARCH_UPDATES=100000 sizes it down (incidents = /10).
 * The seeded SQLite file is cached in $TMPDIR/statuswatch-bench-search (SEARCH_FRESH=1 reseeds);
 * each run works on a copy in a temp dir, removed after. PostgreSQL (TEST_DATABASE_URL, else
 * db `test` on 127.0.0.1) is seeded in a fresh schema, dropped after; SEARCH_DB=sqlite|postgres runs one.
 * SEARCH_PG_SCHEMA=name keeps that schema instead (and reuses it when seeded): drop it yourself.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Incident, IncidentUpdate, Provider, StoredIncident } from '../src/domain/index.ts';
import { HEALTHY } from '../src/ingest/source-health.ts';
import { sourceFor } from '../src/sources/index.ts';
import { openPostgresStore } from '../src/storage/postgres-store.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { SearchRequest, Store } from '../src/storage/store.ts';

const UPDATES = Number(process.env.SEARCH_UPDATES ?? 1_000_000);
const PROVIDERS = 1_000;
const UPDATES_PER_INCIDENT = 10;
const INCIDENTS_PER_PROVIDER = Math.max(1, Math.round(UPDATES / UPDATES_PER_INCIDENT / PROVIDERS));
const RUNS_PER_QUERY = 5;
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** Incidents are spread over the three years before this time, newest first per provider. */
const END = Date.UTC(2026, 6, 31);
/** Bump when the seeded data changes, so that a cached file is not reused. */
const SEED_VERSION = 1;
const CACHE_DIR = join(tmpdir(), 'statuswatch-bench-search');

// Real captures the text comes from (test/fixtures/PROVENANCE.md): GitHub's 50 most recent
// incidents (287 updates) and Google Cloud's incidents.json (157 incidents, 770 updates).
const CAPTURES = [
  ['statuspage-v2', 'test/fixtures/vendors/statuspage-v2/github__incidents-2026-07-31.json'],
  ['gcp', 'test/fixtures/vendors/gcp/google-cloud__incidents.json'],
] as const;

const at = (days: number) => END - days * DAY;
/** The 20 queries: broad words, rare words ("reconvergence" is in 1 of the 1,057 captured
 * updates), a prefix, phrases, exclusions, and provider and date filters. */
const QUERIES: [string, Omit<SearchRequest, 'limit' | 'offset'>][] = [
  ['degraded', {}],
  ['investigating', {}],
  ['resolved', {}],
  ['elevated error rates', {}],
  ['reconvergence', {}],
  ['kubernetes', {}],
  ['datab*', {}],
  ['copil*', {}],
  ['"degraded performance"', {}],
  ['"root cause"', {}],
  ['degraded -copilot', {}],
  ['investigating -resolved', {}],
  ['degraded', { providerSlug: 'p0500' }],
  ['latency', { providerSlug: 'p0042' }],
  ['"upstream model provider"', { providerSlug: 'p0999' }],
  ['degraded', { since: at(30) }],
  ['outage', { since: at(400), until: at(365) }],
  ['bigquery', { since: at(180) }],
  ['webhooks', { providerSlug: 'p0123', since: at(365) }],
  ['mitigated -github', { since: at(90) }],
];

const loadBefore = loadavg();
console.log(
  `${PROVIDERS} providers, ${PROVIDERS * INCIDENTS_PER_PROVIDER} incidents, ` +
    `${PROVIDERS * INCIDENTS_PER_PROVIDER * UPDATES_PER_INCIDENT} updates (SEARCH_UPDATES=${UPDATES}); ` +
    `${QUERIES.length} queries x ${RUNS_PER_QUERY} runs; goal p95 < 50 ms`,
);
const corpus = await loadCorpus();
if (process.env.SEARCH_DB !== 'postgres') await benchSqlite();
if (process.env.SEARCH_DB !== 'sqlite') await benchPostgres();
console.log(
  `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores, shared)`,
);

// --- internal ---

async function benchSqlite(): Promise<void> {
  const cached = join(CACHE_DIR, `sqlite-${UPDATES}-v${SEED_VERSION}.db`);
  const dir = await mkdtemp(join(tmpdir(), 'statuswatch-bench-search-'));
  const file = join(dir, 'statuswatch.db');
  try {
    const reused = existsSync(cached) && process.env.SEARCH_FRESH !== '1';
    if (reused) {
      await copyFile(cached, file);
      console.log(`\nsqlite: seeded file reused from ${cached}`);
    } else {
      const store = await openSqliteStore(file);
      const seconds = await seed(store);
      await store.close();
      await mkdir(CACHE_DIR, { recursive: true });
      await copyFile(file, cached);
      console.log(`\nsqlite: seeded in ${seconds.toFixed(0)} s (cached in ${cached})`);
    }
    // Opening migrates a cached file to the current schema.
    const opened = performance.now();
    const store = await openSqliteStore(file);
    console.log(
      `sqlite: opened (and migrated) in ${((performance.now() - opened) / 1000).toFixed(0)} s`,
    );
    try {
      await store.analyze();
      const bytes = (await stat(file)).size + (await sizeIfAny(`${file}-wal`));
      console.log(`sqlite: ${(bytes / 1e6).toFixed(0)} MB on disk; ${sqliteSizes(file)}`);
      await measure('sqlite', store);
    } finally {
      await store.close();
    }
    // A cached file migrated by this run goes back to the cache: the next run skips that step.
    if (reused) await copyFile(file, cached);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<void> {
  // SEARCH_PG_SCHEMA keeps (and reuses) a named schema, for working on the queries.
  const kept = process.env.SEARCH_PG_SCHEMA;
  const schema = kept ?? `bench_search_${String(process.pid)}`;
  let store: Store;
  try {
    store = await openPostgresStore(POSTGRES_URL, { schema });
  } catch (e) {
    console.log(`\npostgres: skipped, ${POSTGRES_URL} unreachable (${(e as Error).message})`);
    return;
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    if (kept !== undefined && (await store.listProviders()).length > 0) {
      console.log(`\npostgres: seeded schema ${kept} reused`);
    } else {
      const seconds = await seed(store);
      console.log(`\npostgres: seeded in ${seconds.toFixed(0)} s`);
    }
    await store.analyze();
    const size = await client.query<{ bytes: string }>(
      `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
      [schema],
    );
    console.log(
      `postgres: ${(Number(size.rows[0]?.bytes ?? 0) / 1e6).toFixed(0)} MB (tables, indexes, TOAST)`,
    );
    await measure('postgres', store);
  } finally {
    await store.close();
    if (kept === undefined) await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

/** Times every query and as many plain reads; prints per-query medians and the p50/p95. */
async function measure(label: string, store: Store): Promise<void> {
  const search: number[] = [];
  for (const [q, filters] of QUERIES) {
    const times: number[] = [];
    let total = '';
    // One untimed run first: the first read of a page of the file is not what we measure.
    await store.searchIncidents(q, { limit: 20, offset: 0, ...filters });
    for (let r = 0; r < RUNS_PER_QUERY; r++) {
      const started = performance.now();
      const page = await store.searchIncidents(q, { limit: 20, offset: 0, ...filters });
      times.push(performance.now() - started);
      total = `${page.total}${page.totalCapped ? '+' : ''}`;
    }
    search.push(...times);
    const filter = Object.keys(filters).length === 0 ? '' : ` ${JSON.stringify(filters)}`;
    console.log(
      `  ${percentile(times, 50).toFixed(1).padStart(7)} ms  ${total.padStart(7)} hits  ${q}${filter}`,
    );
  }
  const plain: number[] = [];
  for (let i = 0; i < search.length; i++) {
    const providerSlug = slugOf((i * 37) % PROVIDERS);
    const started = performance.now();
    await store.listIncidents({ providerSlug, limit: 20 });
    plain.push(performance.now() - started);
  }
  console.log(
    `${label}: search p50 ${percentile(search, 50).toFixed(1)} ms, p95 ${percentile(search, 95).toFixed(1)} ms` +
      ` | baseline (listIncidents of a provider, 20 rows) p50 ${percentile(plain, 50).toFixed(1)} ms,` +
      ` p95 ${percentile(plain, 95).toFixed(1)} ms`,
  );
}

/** Writes every provider's incidents in one ingest write each; returns the seconds it took. */
async function seed(store: Store): Promise<number> {
  const started = performance.now();
  const random = mulberry32(42);
  for (let p = 0; p < PROVIDERS; p++) {
    const slug = slugOf(p);
    const provider: Provider = { slug, name: `Vendor ${p}`, pageUrl: `https://status.v${p}.test`, sourceUrl: `https://status.v${p}.test/api/v2/incidents.json`, format: 'statuspage-v2', poll: { intervalMs: 60 * MINUTE, openIncidentIntervalMs: 15 * MINUTE }, createdAt: at(1100) }; // prettier-ignore
    await store.addProvider(provider, provider.createdAt);
    const incidents = Array.from({ length: INCIDENTS_PER_PROVIDER }, (_, i) =>
      incidentOf(slug, i, random),
    );
    const state = await store.loadProviderState(slug, []);
    await store.applyIngest({
      providerSlug: slug, components: null, incidents, events: [], imported: true, status: 'operational',
      source: { ...state.source, nextPollAt: END + 60 * MINUTE, health: { ...HEALTHY, lastSuccessAt: END } },
    }); // prettier-ignore
    if ((p + 1) % 100 === 0) {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(`  seeded ${p + 1} providers (${s} s)\r`);
    }
  }
  return (performance.now() - started) / 1000;
}

/**
 * A captured incident's title and updates, padded to 10 updates with other captured update
 * bodies picked at random; placed at random in the three years before END.
 */
function incidentOf(slug: string, i: number, random: () => number): StoredIncident {
  const source = corpus.incidents[Math.floor(random() * corpus.incidents.length)];
  if (source === undefined) throw new Error('empty corpus');
  const start = Math.round(at(random() * 1095) / MINUTE) * MINUTE;
  const bodies = source.updates.slice(0, UPDATES_PER_INCIDENT).map((u) => u);
  while (bodies.length < UPDATES_PER_INCIDENT) {
    const body = corpus.updates[Math.floor(random() * corpus.updates.length)];
    if (body !== undefined) bodies.push(body);
  }
  const updates: IncidentUpdate[] = bodies.map((u, k) => ({
    ...u,
    vendorId: `u${k}`,
    status: k === bodies.length - 1 ? 'resolved' : 'investigating',
    displayedAt: start + k * 20 * MINUTE,
    createdAt: start + k * 20 * MINUTE,
    affectedComponents: [],
  }));
  return {
    ...source,
    providerSlug: slug, vendorId: `${slug}-i${String(i).padStart(3, '0')}`, status: 'resolved',
    createdAt: start, startedAt: start, monitoringAt: null, resolvedAt: start + 200 * MINUTE,
    scheduledFor: null, scheduledUntil: null, url: null, shortlink: null, components: [],
    updates, postmortem: null, isTemplate: false, firstSeenAt: start + MINUTE, backfilled: true,
    lastChangedAt: start + 200 * MINUTE, previousTitles: [], ingestAnomalies: [],
  }; // prettier-ignore
}

async function loadCorpus(): Promise<{ incidents: Incident[]; updates: IncidentUpdate[] }> {
  const incidents: Incident[] = [];
  for (const [format, path] of CAPTURES) {
    const body = await readFile(new URL(`../${path}`, import.meta.url), 'utf8');
    const meta = { url: null, fetchedAt: END, contentType: 'application/json' };
    incidents.push(
      ...sourceFor(format)
        .parse(body, meta)
        .incidents.filter((i) => !i.isTemplate),
    );
  }
  return { incidents, updates: incidents.flatMap((i) => i.updates) };
}

function slugOf(p: number): string {
  return `p${String(p).padStart(4, '0')}`;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Pages in use (a migration leaves freed pages in the file) and the search index's share. */
function sqliteSizes(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const pages = (sql: string) => Number(db.pragma(sql, { simple: true }));
    const pageSize = pages('page_size');
    const used = (pages('page_count') - pages('freelist_count')) * pageSize;
    const search = db
      .prepare("select sum(pgsize) as bytes from dbstat where name like 'incident_search%'")
      .get() as { bytes: number | null };
    return `${(used / 1e6).toFixed(0)} MB in use, search index ${((search.bytes ?? 0) / 1e6).toFixed(0)} MB`;
  } finally {
    db.close();
  }
}

async function sizeIfAny(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : 0;
}

/** A small seeded generator, so that every run (and the cache) holds the same data. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
