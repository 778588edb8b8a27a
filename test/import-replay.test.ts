/**
 * Acceptance: importing the 557 githubstatus.com captures is a pure function of the captures.
 * Importing them again changes nothing, and the order the files are named in does not matter.
 */
import { isDeepStrictEqual } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent, StoredIncident } from '../src/domain/index.ts';
import { importCaptures } from '../src/ingest/import-captures.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { REPLAY_CAPTURES, cleanupReplay, replayFiles, unpackReplay } from './replay-fixture.ts';

const SLUG = 'github';
const folders: string[] = [];
let dir = '';
/** Holds one import of the folder; the re-import tests import into it again. */
let store: Store;
let once: StoreContents;

beforeAll(async () => {
  dir = await unpackReplay();
  store = await freshStore();
  await importCaptures(store, [dir], { providerSlug: SLUG });
  once = await contentsOf(store);
}, 120_000);

afterAll(async () => {
  await store.close();
  for (const f of folders) await rm(f, { recursive: true, force: true });
  await cleanupReplay();
});

describe('importing the same captures twice', () => {
  let again: StoreContents;

  beforeAll(async () => {
    await importCaptures(store, [dir], { providerSlug: SLUG });
    again = await contentsOf(store);
  }, 120_000);

  it('leaves every incident as the first import stored it, all fields compared', () => {
    expect(once.incidents.length).toBeGreaterThan(0);
    expect(differences(once.incidents, again.incidents)).toEqual([]);
    expect(again.incidents).toEqual(once.incidents);
  });

  it('adds no event the second time', () => {
    expect(once.events.length).toBeGreaterThan(0);
    expect(again.events.slice(once.events.length)).toEqual([]);
    expect(again.events).toEqual(once.events);
  });

  it('stores no incident, update or event twice', () => {
    expect(duplicates(again.incidents.map((i) => i.vendorId))).toEqual([]);
    for (const i of again.incidents) {
      expect(duplicates(i.updates.map((u) => `${i.vendorId} ${u.vendorId}`))).toEqual([]);
    }
    expect(duplicates(again.events.map((e) => e.idempotencyKey))).toEqual([]);
  });
});

describe('importing the captures named in shuffled order', () => {
  let shuffled: string[];
  let result: StoreContents;

  beforeAll(async () => {
    const files = await replayFiles(dir);
    shuffled = seededShuffle(files, 20230218);
    const other = await freshStore();
    await importCaptures(other, shuffled, { providerSlug: SLUG });
    result = await contentsOf(other);
    await other.close();
  }, 120_000);

  it('really was given the files out of order', async () => {
    expect(shuffled).toHaveLength(REPLAY_CAPTURES);
    expect(shuffled).not.toEqual(await replayFiles(dir));
  });

  // Capture time comes from each file's name, so the order of the arguments must not leak into
  // anything stored: not even firstSeenAt, lastChangedAt, backfilled or the events' ids.
  it('stores the same incidents and updates as the import of the folder, all fields compared', () => {
    expect(differences(once.incidents, result.incidents)).toEqual([]);
    expect(result.incidents).toEqual(once.incidents);
  });

  it('stores the same events, in the same order', () => {
    expect(result.events).toEqual(once.events);
  });
});

// --- internal ---

interface StoreContents {
  /** Sorted by vendorId. */
  incidents: StoredIncident[];
  /** In id order. */
  events: StoredEvent[];
}

async function freshStore(): Promise<Store> {
  const dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-replay-store-'));
  folders.push(dataDir);
  return openStore({ databaseUrl: null, dataDir });
}

async function contentsOf(store: Store): Promise<StoreContents> {
  const incidents = await store.listIncidents({ providerSlug: SLUG, includeTemplates: true });
  incidents.sort((a, b) => (a.vendorId < b.vendorId ? -1 : 1));
  return { incidents, events: await store.listEvents(0, 1_000_000) };
}

/** "vendorId: field, field" for each incident that differs; readable when a test fails. */
function differences(a: StoredIncident[], b: StoredIncident[]): string[] {
  const byId = new Map(b.map((i) => [i.vendorId, i]));
  const out: string[] = [];
  for (const left of a) {
    const right = byId.get(left.vendorId);
    if (right === undefined) {
      out.push(`${left.vendorId}: missing`);
      continue;
    }
    const keys = (Object.keys(left) as (keyof StoredIncident)[]).filter(
      (k) => !isDeepStrictEqual(left[k], right[k]),
    );
    if (keys.length > 0) out.push(`${left.vendorId}: ${keys.join(', ')}`);
  }
  const known = new Set(a.map((i) => i.vendorId));
  for (const right of b) if (!known.has(right.vendorId)) out.push(`${right.vendorId}: extra`);
  return out;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Fisher–Yates driven by mulberry32, so a failure can be replayed with the same seed. */
function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
