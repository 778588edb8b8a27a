import { expect, it } from 'vitest';
import type { ContractContext } from './store-contract.ts';
import { SEARCH_COUNT_CAP, type SearchRequest, type Store } from '../../../src/storage/store.ts';
import {
  MINUTE,
  T0,
  makeIncident,
  makeIngestWrite,
  makeProvider,
  makeUpdate,
} from '../builders.ts';

const DAY = 24 * 60 * MINUTE;

/** Contract cases for narrowing a search, and for the newest time the archive holds. */
export function contractSearchCases(ctx: ContractContext): void {
  it('narrows a search by provider and by start (or first-seen) date, alike everywhere', () =>
    searchFilters(ctx.store()));
  it('counts matches up to 1,000, then says "1,000+" and shows them newest first', () =>
    cappedCount(ctx.store()));
  it('knows the newest time its history speaks of (updates, incidents; not templates)', () =>
    newestDataTime(ctx.store()));
}

// --- internal ---

async function searchFilters(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  await store.addProvider(makeProvider({ slug: 'github', name: 'GitHub' }), T0);
  const incident = (slug: string, vendorId: string, startedAt: number | null, firstSeenAt = T0) =>
    makeIncident({
      providerSlug: slug,
      vendorId,
      title: 'Website is down', // "is" and "down" are PostgreSQL stop words in English
      startedAt,
      firstSeenAt,
      updates: [makeUpdate({ bodyText: 'The kestrel service is failing.' })],
    });
  await store.applyIngest(
    makeIngestWrite({
      incidents: [
        incident('acme', 'old', T0 - 2 * DAY),
        incident('acme', 'new', T0),
        // No start time: the first-seen time places it.
        incident('acme', 'unstarted', null, T0 + DAY),
      ],
    }),
  );
  await store.applyIngest(
    makeIngestWrite({ providerSlug: 'github', incidents: [incident('github', 'gh', T0 + MINUTE)] }),
  );
  const cases: [string, Omit<SearchRequest, 'limit' | 'offset'>, string[]][] = [
    ['kestrel', {}, ['acme/new', 'acme/old', 'acme/unstarted', 'github/gh']],
    ['kestrel', { providerSlug: 'acme' }, ['acme/new', 'acme/old', 'acme/unstarted']],
    ['kestrel', { providerSlug: 'nobody' }, []],
    ['kestrel', { since: T0 }, ['acme/new', 'acme/unstarted', 'github/gh']],
    ['kestrel', { until: T0 }, ['acme/old']], // until is exclusive
    ['kestrel', { since: T0 + DAY }, ['acme/unstarted']],
    ['"is down"', { providerSlug: 'github', since: T0, until: T0 + DAY }, ['github/gh']],
    ['"is down" -kestrel', { providerSlug: 'github' }, []],
  ];
  for (const [q, filters, expected] of cases) {
    const page = await store.searchIncidents(q, { limit: 50, offset: 0, ...filters });
    const keys = page.hits.map((h) => `${h.incident.providerSlug}/${h.incident.vendorId}`);
    expect([q, filters, keys.sort(), page.total]).toEqual([q, filters, expected, expected.length]);
  }
}

async function cappedCount(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  // One past the cap. One says the word in its title too: ranked first only in a narrower search.
  const incidents = Array.from({ length: SEARCH_COUNT_CAP + 1 }, (_, n) =>
    makeIncident({
      vendorId: `inc-${n}`,
      title: n === 500 ? 'Kestrel down' : `Incident ${n}`,
      startedAt: T0 + n * MINUTE,
      updates: [makeUpdate({ bodyText: `The kestrel service number ${n} is failing.` })],
    }),
  );
  await store.applyIngest(makeIngestWrite({ incidents }));
  const first = await store.searchIncidents('kestrel', { limit: 3, offset: 0 });
  expect([first.total, first.totalCapped]).toEqual([SEARCH_COUNT_CAP, true]);
  expect(first.hits.map((h) => h.incident.vendorId)).toEqual(['inc-1000', 'inc-999', 'inc-998']);
  const narrow = await store.searchIncidents('kestrel -"number 7"', { limit: 1, offset: 0 });
  expect([narrow.total, narrow.totalCapped]).toEqual([SEARCH_COUNT_CAP, false]);
  expect(narrow.hits.map((h) => h.incident.vendorId)).toEqual(['inc-500']);
  // A page past the candidates still says how many there are.
  const past = await store.searchIncidents('kestrel', { limit: 3, offset: 2 * SEARCH_COUNT_CAP });
  expect([past.hits, past.total, past.totalCapped]).toEqual([[], SEARCH_COUNT_CAP, true]);
}

async function newestDataTime(store: Store): Promise<void> {
  expect(await store.newestDataTime()).toBeNull();
  await store.addProvider(makeProvider(), T0);
  const resolved = makeIncident({
    vendorId: 'resolved',
    startedAt: T0 - DAY,
    resolvedAt: T0 - DAY + 10 * MINUTE,
    firstSeenAt: T0 + 5 * DAY, // imported later: not a time the history speaks of
    updates: [makeUpdate({ createdAt: T0 - DAY + 20 * MINUTE, displayedAt: null })],
  });
  const template = makeIncident({ vendorId: 'sample', isTemplate: true, startedAt: T0 + 9 * DAY });
  await store.applyIngest(makeIngestWrite({ incidents: [resolved, template] }));
  expect(await store.newestDataTime()).toBe(T0 - DAY + 20 * MINUTE);
  const later = makeIncident({ vendorId: 'later', startedAt: T0 + 2 ** 31, updates: [] });
  await store.applyIngest(makeIngestWrite({ incidents: [later] }));
  expect(await store.newestDataTime()).toBe(T0 + 2 ** 31);
}
