import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EARLIEST_EPOCH_MS,
  LATEST_EPOCH_MS,
  incidentDuration,
  isAllowListedMarkup,
  isStatuswatchError,
  type Snapshot,
  type SourceFormat,
} from '../../src/domain/index.ts';
import { noDeliveries } from '../../src/ingest/delivery-planner.ts';
import { ingestSnapshot } from '../../src/ingest/ingest-snapshot.ts';
import { SOURCES, sourceFor } from '../../src/sources/index.ts';
import { makeProvider } from '../support/builders.ts';
import { openSqliteStore } from '../../src/storage/index.ts';
import type { Store } from '../../src/storage/store.ts';
import { MUTATION_KINDS, mutate, sampled } from './mutations.ts';

/**
 * Issue 13's fuzz suite (run by fuzz-json.test.ts and fuzz-markup.test.ts): ≥ 10,000 seeded mutations of every real capture, each through every
 * parser in the registry, and a share of them through the ingest path on a temporary SQLite
 * store. A violation prints its fixture, seed and mutation; `FUZZ_SEED=<n>` replays one.
 */
const TOTAL = Number(process.env.FUZZ_MUTATIONS ?? 10_000);
const INGEST_EVERY = 10;
const ITEM_LIMIT_MS = 2_000;
const NOW = Date.UTC(2026, 10, 29);
const VENDORS = new URL('../fixtures/vendors/', import.meta.url).pathname;

const allFixtures = readdirSync(VENDORS).flatMap((format) =>
  readdirSync(join(VENDORS, format)).map((name) => ({
    name: `${format}/${name}`,
    format: format as SourceFormat,
    body: sampled(readFileSync(join(VENDORS, format, name), 'utf8')),
  })),
);
type Fixture = (typeof allFixtures)[number];

/**
 * Declares the fuzz test for the captures of some formats. The suite is split in two files
 * (JSON formats, markup formats) so that vitest runs the halves on two cores; every capture
 * gets the same share of the total either way, and its seeds do not depend on the split.
 */
export function fuzzCaptures(formats: readonly SourceFormat[]): void {
  const fixtures = allFixtures
    .map((fixture, index) => ({ fixture, index }))
    .filter(({ fixture }) => formats.includes(fixture.format));
  const perFixture = Math.ceil(TOTAL / allFixtures.length);
  const dir = mkdtempSync(join(tmpdir(), 'sw-fuzz-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe(`fuzzing ${formats.join(', ')} captures through every parser and the ingest path`, () => {
    it(`holds every invariant over ${String(perFixture * fixtures.length)} mutations`, async () => {
      const started = performance.now();
      const store = await openSqliteStore(join(dir, 'fuzz.db'));
      const violations: string[] = [];
      const counts = { parses: 0, ingests: 0 };
      try {
        const baseline = await storeBaselines(store, fixtures);
        for (const { fixture, index } of fixtures) {
          await fuzzOne(store, fixture, index, perFixture, counts, violations);
        }
        for (const [slug, before] of baseline) {
          const after = JSON.stringify(await store.listIncidents({ providerSlug: slug }));
          if (after !== before) violations.push(`${slug}: earlier stored data changed`);
        }
      } finally {
        await store.close();
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `fuzz (${formats.join(', ')}): ${String(perFixture * fixtures.length)} mutations of ${String(fixtures.length)} captures, ${String(counts.parses)} parses, ${String(counts.ingests)} ingests, ${String(violations.length)} violations in ${seconds.toFixed(1)} s`,
      );
      expect(violations.slice(0, 20)).toEqual([]);
    }, 300_000);
  });
}

// --- internal ---

const meta = { url: null, fetchedAt: NOW, contentType: null };

/** Each capture, unmutated, under its own provider: no later mutation may change it. */
async function storeBaselines(
  store: Store,
  fixtures: readonly { fixture: Fixture; index: number }[],
): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (const { fixture, index: f } of fixtures) {
    for (const prefix of ['base', 'fuzz']) {
      const slug = `${prefix}-${String(f)}`;
      await store.addProvider(makeProvider({ slug, format: fixture.format }), NOW);
      if (prefix === 'fuzz') continue;
      const snapshot = sourceFor(fixture.format).parse(fixture.body, meta);
      await ingestSnapshot(store, slug, snapshot, { now: NOW, deliveries: noDeliveries });
      stored.set(slug, JSON.stringify(await store.listIncidents({ providerSlug: slug })));
    }
  }
  return stored;
}

async function fuzzOne(
  store: Store,
  fixture: Fixture,
  f: number,
  perFixture: number,
  counts: { parses: number; ingests: number },
  violations: string[],
): Promise<void> {
  const only = process.env.FUZZ_SEED === undefined ? null : Number(process.env.FUZZ_SEED);
  for (let i = 0; i < perFixture; i++) {
    const seed = f * 1_000_000 + i;
    if (only !== null && seed !== only) continue;
    const kind = MUTATION_KINDS[i % MUTATION_KINDS.length] ?? 'truncate';
    const mutation = mutate(fixture.body, kind, seed);
    const label = `${fixture.name} seed ${String(seed)} ${kind}: ${mutation.what}`;
    const own = checkEveryParser(mutation.body, fixture.format, label, violations);
    counts.parses += SOURCES.length;
    if (own !== null && i % INGEST_EVERY === 0) {
      counts.ingests += 1;
      await checkIngest(store, `fuzz-${String(f)}`, own, label, violations);
    }
  }
}

/** Every parser on the payload; returns the fixture's own parser's snapshot, if it gave one. */
function checkEveryParser(
  body: string,
  format: SourceFormat,
  label: string,
  violations: string[],
): Snapshot | null {
  let own: Snapshot | null = null;
  for (const source of SOURCES) {
    const started = performance.now();
    try {
      source.detect(body, meta);
      const snapshot = source.parse(body, meta);
      for (const problem of snapshotProblems(snapshot))
        violations.push(`${label} [${source.format}] ${problem}`);
      if (source.format === format) own = snapshot;
    } catch (error) {
      if (!isStatuswatchError(error))
        violations.push(`${label} [${source.format}] threw ${String(error)}`);
    }
    const ms = performance.now() - started;
    if (ms > ITEM_LIMIT_MS) violations.push(`${label} [${source.format}] took ${ms.toFixed(0)} ms`);
  }
  return own;
}

async function checkIngest(
  store: Store,
  slug: string,
  snapshot: Snapshot,
  label: string,
  violations: string[],
): Promise<void> {
  try {
    await ingestSnapshot(store, slug, snapshot, { now: NOW, deliveries: noDeliveries });
  } catch (error) {
    if (!isStatuswatchError(error)) violations.push(`${label} [ingest] threw ${String(error)}`);
  }
}

function snapshotProblems(s: Snapshot): string[] {
  const problems: string[] = [];
  const time = (t: number | null, where: string): void => {
    if (t === null) return;
    if (!Number.isInteger(t) || t < EARLIEST_EPOCH_MS || t >= LATEST_EPOCH_MS) {
      problems.push(`invalid time ${String(t)} at ${where}`);
    }
  };
  time(s.page.updatedAt, 'page');
  duplicates(
    s.incidents.map((i) => i.vendorId),
    'incident',
    problems,
  );
  duplicates(
    (s.components ?? []).map((c) => c.vendorId),
    'component',
    problems,
  );
  for (const c of s.components ?? []) {
    if (!Number.isSafeInteger(c.position) || c.position < 0)
      problems.push(`position ${String(c.position)}`);
  }
  for (const i of s.incidents) {
    for (const k of [
      'createdAt',
      'startedAt',
      'monitoringAt',
      'resolvedAt',
      'scheduledFor',
      'scheduledUntil',
    ] as const) {
      time(i[k], `${i.vendorId}.${k}`);
    }
    time(i.postmortem?.publishedAt ?? null, `${i.vendorId}.postmortem`);
    duplicates(
      i.updates.map((u) => u.vendorId),
      `update of ${i.vendorId}`,
      problems,
    );
    const d = incidentDuration(i, NOW);
    if (d.ms !== null && (Number.isNaN(d.ms) || d.ms < 0))
      problems.push(`duration ${String(d.ms)}`);
    for (const u of i.updates) {
      time(u.displayedAt, `${u.vendorId}.displayedAt`);
      time(u.createdAt, `${u.vendorId}.createdAt`);
      if (!isAllowListedMarkup(u.bodyHtml))
        problems.push(`body of ${u.vendorId} fails the page check`);
    }
  }
  return problems;
}

function duplicates(ids: readonly string[], what: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate ${what} id ${id}`);
    seen.add(id);
  }
}
