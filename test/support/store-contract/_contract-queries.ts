import { expect, it } from 'vitest';
import { contractSearchCases } from './_contract-search.ts';
import type { ContractContext } from './store-contract.ts';
import type { Store } from '../../../src/storage/store.ts';
import {
  MINUTE,
  T0,
  makeEvent,
  makeIncident,
  makeIngestWrite,
  makeProvider,
  makeSourceState,
  makeUpdate,
} from '../builders.ts';

const HOUR = 60 * MINUTE;
const LEASE = 30_000;

/** Contract cases for claiming, listing, the event cursor, time precision and search. */
export function contractQueryCases(ctx: ContractContext): void {
  claimCases(ctx);
  listCases(ctx);
  it('keeps times exact, beyond 2^31 ms', () => timesRoundTrip(ctx.store()));
  it('finds an incident by a word of an update body (full-text)', () =>
    searchByUpdateWord(ctx.store()));
  it('finds an incident whose query words are split between title and an update', () =>
    searchAcrossTitleAndUpdates(ctx.store()));
  it('pages search hits best first, with a total and highlighted snippets', () =>
    searchPagesWithSnippets(ctx.store()));
  it('reads prefixes, phrases, exclusions and stop words alike on every database', () =>
    searchSyntax(ctx.store()));
  contractSearchCases(ctx);
  it('filters incident listings by impact and status', () => filterByImpactAndStatus(ctx.store()));
}

// --- internal ---

function claimCases({ store }: ContractContext): void {
  const slugs = (claimed: { provider: { slug: string } }[]) => claimed.map((c) => c.provider.slug);

  it("records many sources' states in one call and releases their leases", async () => {
    await store().addProvider(makeProvider({ slug: 'a' }), T0);
    await store().addProvider(makeProvider({ slug: 'b' }), T0);
    expect(slugs(await store().claimDueSources(T0, 10, 'one', LEASE))).toEqual(['a', 'b']);
    const later = makeSourceState({ etag: '"v2"', nextPollAt: T0 + MINUTE });
    await store().recordSourceStates([
      { providerSlug: 'a', source: later },
      { providerSlug: 'b', source: { ...later, etag: '"b2"' } },
    ]);
    expect((await store().getProvider('a'))?.source).toEqual(later);
    expect((await store().getProvider('b'))?.source.etag).toBe('"b2"');
    // Leases released: due again at the new time, for any owner.
    expect(slugs(await store().claimDueSources(T0 + MINUTE, 10, 'two', LEASE))).toEqual(['a', 'b']);
  });

  it('claims due sources only, soonest first, up to the limit', async () => {
    await store().addProvider(makeProvider({ slug: 'a' }), T0 + 1000);
    await store().addProvider(makeProvider({ slug: 'b' }), T0);
    await store().addProvider(makeProvider({ slug: 'later' }), T0 + 10 * MINUTE);
    const now = T0 + 2000;
    expect(slugs(await store().claimDueSources(now, 1, 'p1', LEASE))).toEqual(['b']);
    const rest = await store().claimDueSources(now, 10, 'p2', LEASE);
    expect(slugs(rest)).toEqual(['a']);
    expect(rest[0]).toEqual(await store().getProvider('a'));
    expect(await store().claimDueSources(now, 0, 'p3', LEASE)).toEqual([]);
  });

  it('does not hand a leased source to another owner until the lease expires', async () => {
    await store().addProvider(makeProvider(), T0);
    expect(slugs(await store().claimDueSources(T0, 5, 'p1', LEASE))).toEqual(['acme']);
    expect(await store().claimDueSources(T0, 5, 'p2', LEASE)).toEqual([]);
    expect(await store().claimDueSources(T0 + LEASE - 1, 5, 'p2', LEASE)).toEqual([]);
    expect(slugs(await store().claimDueSources(T0 + LEASE + 1, 5, 'p2', LEASE))).toEqual(['acme']);
  });

  it('applyIngest releases the lease and sets the next poll', async () => {
    await store().addProvider(makeProvider(), T0);
    await store().claimDueSources(T0, 5, 'p1', LEASE);
    await store().applyIngest(
      makeIngestWrite({ source: makeSourceState({ nextPollAt: T0 + MINUTE }) }),
    );
    expect(await store().claimDueSources(T0 + 1, 5, 'p2', LEASE)).toEqual([]);
    const claimed = await store().claimDueSources(T0 + MINUTE, 5, 'p2', LEASE);
    expect(claimed.map((c) => c.source.nextPollAt)).toEqual([T0 + MINUTE]);
    // Due again at once: claimable well within p2's lease, because the write released it.
    await store().applyIngest(makeIngestWrite({ source: makeSourceState({ nextPollAt: T0 }) }));
    expect(slugs(await store().claimDueSources(T0 + MINUTE + 1, 5, 'p3', LEASE))).toEqual(['acme']);
  });
}

function listCases({ store }: ContractContext): void {
  it('lists incidents newest first, filtered, without templates by default', async () => {
    await store().addProvider(makeProvider(), T0);
    await store().addProvider(makeProvider({ slug: 'beta' }), T0);
    const resolved = { status: 'resolved' as const, resolvedAt: T0 };
    const acme = [
      makeIncident({ vendorId: 'old', startedAt: T0 - 3 * HOUR, ...resolved }),
      makeIncident({ vendorId: 'open', startedAt: T0 - HOUR }),
      // No start: listed by when we first saw it.
      makeIncident({
        vendorId: 'maint',
        kind: 'maintenance',
        status: 'scheduled',
        startedAt: null,
        firstSeenAt: T0 - 2 * HOUR,
      }),
      makeIncident({ vendorId: 'sample', isTemplate: true, startedAt: T0 }),
    ];
    const beta = makeIncident({
      providerSlug: 'beta',
      vendorId: 'b',
      startedAt: T0 - 30 * MINUTE,
      ...resolved,
    });
    await store().applyIngest(makeIngestWrite({ incidents: acme }));
    await store().applyIngest(makeIngestWrite({ providerSlug: 'beta', incidents: [beta] }));
    const ids = async (q: Parameters<Store['listIncidents']>[0]) =>
      (await store().listIncidents(q)).map((i) => i.vendorId);
    expect(await ids({})).toEqual(['b', 'open', 'maint', 'old']);
    expect(await ids({ includeTemplates: true })).toEqual(['sample', 'b', 'open', 'maint', 'old']);
    expect(await ids({ providerSlug: 'acme' })).toEqual(['open', 'maint', 'old']);
    expect(await ids({ kind: 'maintenance' })).toEqual(['maint']);
    expect(await ids({ since: T0 - 2 * HOUR, until: T0 - 30 * MINUTE })).toEqual(['open', 'maint']);
    expect(await ids({ openOnly: true })).toEqual(['open', 'maint']);
    expect(await ids({ limit: 2, offset: 1 })).toEqual(['open', 'maint']);
    expect((await store().listIncidents({ providerSlug: 'beta' }))[0]).toEqual(beta);
  });

  it('returns null for an unknown incident', async () => {
    await store().addProvider(makeProvider(), T0);
    await store().applyIngest(makeIngestWrite({ incidents: [makeIncident()] }));
    expect(await store().getIncident('acme', 'inc-404')).toBeNull();
    expect(await store().getIncident('nope', 'inc-1')).toBeNull();
  });

  it('pages through events after a cursor, with the imported flag', async () => {
    await store().addProvider(makeProvider(), T0);
    const events = ['a', 'b', 'c', 'd', 'e'].map((id) => makeEvent({ incidentVendorId: id }));
    const ids = await store().applyIngest(makeIngestWrite({ events, imported: true }));
    const page = async (after: number, limit: number) =>
      (await store().listEvents(after, limit)).map((e) => e.id);
    expect(await page(0, 2)).toEqual(ids.slice(0, 2));
    expect(await page(ids[1] ?? -1, 2)).toEqual(ids.slice(2, 4));
    expect(await page(ids[4] ?? -1, 10)).toEqual([]);
    expect((await store().listEvents(0, 1))[0]).toEqual({
      ...events[0],
      id: ids[0],
      imported: true,
    });
  });
}

async function timesRoundTrip(store: Store): Promise<void> {
  const BIG = Date.UTC(2100, 0, 1, 0, 0, 0, 123);
  expect(BIG).toBeGreaterThan(2 ** 31);
  const provider = makeProvider({ createdAt: BIG - 1 });
  await store.addProvider(provider, BIG);
  const health = { ...makeSourceState().health, lastSuccessAt: BIG + 1, lastChangeAt: 2 ** 31 + 7 };
  const source = makeSourceState({ nextPollAt: BIG + 2, health });
  const incident = makeIncident({
    createdAt: BIG + 3, startedAt: BIG + 4, monitoringAt: BIG + 5, resolvedAt: BIG + 6,
    scheduledFor: BIG + 7, scheduledUntil: BIG + 8, firstSeenAt: BIG + 9, lastChangedAt: BIG + 10,
    status: 'resolved', updates: [makeUpdate({ displayedAt: BIG + 11, createdAt: BIG + 12 })],
    postmortem: { bodyHtml: '<p>pm</p>', bodyText: 'pm', publishedAt: BIG + 13 },
  }); // prettier-ignore
  const event = makeEvent({ occurredAt: BIG + 14, detectedAt: BIG + 15 });
  await store.applyIngest(makeIngestWrite({ incidents: [incident], events: [event], source }));
  expect(await store.getProvider('acme')).toMatchObject({
    provider,
    source,
    status: 'operational',
  });
  expect(await store.getIncident('acme', 'inc-1')).toEqual(incident);
  const [stored] = await store.listEvents(0, 1);
  expect([stored?.occurredAt, stored?.detectedAt]).toEqual([BIG + 14, BIG + 15]);
  expect(typeof stored?.id).toBe('number');
}

async function searchByUpdateWord(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  const withBody = (text: string) =>
    makeIncident({ updates: [makeUpdate(), makeUpdate({ vendorId: 'u2', bodyText: text })] });
  await store.applyIngest(
    makeIngestWrite({ incidents: [withBody('The zeppelin cluster is down')] }),
  );
  const hit = ['acme/inc-1'];
  expect(await searchKeys(store, 'zeppelin')).toEqual(hit);
  expect(await searchKeys(store, 'elevated')).toEqual(hit);
  expect(await searchKeys(store, 'walrus')).toEqual([]);
  // Rewritten on every write: the old word goes, the new one is found.
  await store.applyIngest(makeIngestWrite({ incidents: [withBody('The walrus queue is slow')] }));
  expect(await searchKeys(store, 'zeppelin')).toEqual([]);
  expect(await searchKeys(store, 'walrus')).toEqual(hit);
  await store.removeProvider('acme');
  expect(await searchKeys(store, 'walrus')).toEqual([]);
}

async function searchAcrossTitleAndUpdates(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  const incident = makeIncident({
    title: 'Degraded webhooks delivery',
    updates: [makeUpdate({ bodyText: 'Deliveries to Frankfurt are delayed.' })],
    postmortem: { bodyHtml: '', bodyText: 'A misconfigured quokka balancer.', publishedAt: T0 },
  });
  const template = makeIncident({ vendorId: 'sample', isTemplate: true, title: incident.title });
  await store.applyIngest(makeIngestWrite({ incidents: [incident, template] }));
  expect(await searchKeys(store, 'webhooks Frankfurt')).toEqual(['acme/inc-1']);
  expect(await searchKeys(store, 'webhooks quokka')).toEqual(['acme/inc-1']);
  expect(await searchKeys(store, 'Frankfurt walrus')).toEqual([]);
  // Stray punctuation is not query syntax; "-" before a word excludes it; nothing searchable
  // finds nothing.
  expect(await searchKeys(store, '"webhooks" (Frankfurt*):')).toEqual(['acme/inc-1']);
  expect(await searchKeys(store, '"webhooks" -(Frankfurt*):')).toEqual([]);
  expect(await store.searchIncidents('  -- !! ', { limit: 10, offset: 0 })).toEqual({
    hits: [],
    total: 0,
    totalCapped: false,
  });
}

async function searchPagesWithSnippets(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  const incidents = [1, 2, 3].map((n) =>
    makeIncident({
      vendorId: `inc-${n}`,
      title: n === 2 ? 'Kestrel outage' : `Incident ${n}`,
      startedAt: T0 + n * MINUTE,
      updates: [makeUpdate({ bodyText: `The kestrel service number ${n} is failing.` })],
    }),
  );
  await store.applyIngest(makeIngestWrite({ incidents }));
  const first = await store.searchIncidents('kestrel', { limit: 2, offset: 0 });
  expect(first.total).toBe(3);
  // The title match ranks first; ties are broken newest first.
  expect(first.hits.map((h) => h.incident.vendorId)).toEqual(['inc-2', 'inc-3']);
  expect(first.hits[0]?.incident).toEqual(incidents[1]);
  const second = await store.searchIncidents('kestrel', { limit: 2, offset: 2 });
  expect(second.hits.map((h) => h.incident.vendorId)).toEqual(['inc-1']);
  expect(second.total).toBe(3);
  const snippet = second.hits[0]?.snippet ?? [];
  expect(snippet.filter((p) => p.match).map((p) => p.text.toLowerCase())).toContain('kestrel');
  expect(snippet.map((p) => p.text).join('')).toContain('service number 1');
}

async function filterByImpactAndStatus(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  const incidents = [
    makeIncident({ vendorId: 'minor-open', impact: 'minor', startedAt: T0 }),
    makeIncident({
      vendorId: 'major-done',
      impact: 'major',
      status: 'resolved',
      resolvedAt: T0,
      startedAt: T0 - MINUTE,
    }),
    makeIncident({ vendorId: 'unknown', impact: null, startedAt: T0 - 2 * MINUTE }),
  ];
  await store.applyIngest(makeIngestWrite({ incidents }));
  const ids = async (q: Parameters<Store['listIncidents']>[0]) =>
    (await store.listIncidents(q)).map((i) => i.vendorId);
  expect(await ids({ impact: 'major' })).toEqual(['major-done']);
  expect(await ids({ impact: 'unknown' })).toEqual(['unknown']);
  expect(await ids({ status: 'investigating' })).toEqual(['minor-open', 'unknown']);
  expect(await ids({ status: 'resolved', impact: 'minor' })).toEqual([]);
}

async function searchSyntax(store: Store): Promise<void> {
  await store.addProvider(makeProvider(), T0);
  await store.addProvider(makeProvider({ slug: 'github', name: 'GitHub' }), T0);
  const incident = (slug: string, vendorId: string, title: string, body: string) =>
    makeIncident({
      providerSlug: slug,
      vendorId,
      title,
      updates: [makeUpdate({ bodyText: body })],
    });
  await store.applyIngest(
    makeIngestWrite({
      incidents: [
        incident('acme', 'db', 'Database latency', 'Queries to the primary database are slow.'),
        incident('acme', 'dbs', 'Databases unavailable', 'We are investigating.'),
        incident('acme', 'down', 'Website is down', 'Requests to api.acme.com fail; e-mail works.'),
      ],
    }),
  );
  await store.applyIngest(
    makeIngestWrite({
      providerSlug: 'github',
      incidents: [incident('github', 'gh-db', 'GitHub is down', 'The database failed over.')],
    }),
  );
  const cases: [string, string[]][] = [
    ['datab*', ['acme/db', 'acme/dbs', 'github/gh-db']],
    ['database', ['acme/db', 'github/gh-db']], // no stemming: "databases" is another word
    ['database -github', ['acme/db']],
    ['datab* -"is down"', ['acme/db', 'acme/dbs']],
    ['"is down"', ['acme/down', 'github/gh-db']], // "is" and "down" are English stop words
    ['"down is"', []],
    ['down', ['acme/down', 'github/gh-db']],
    ['acme', ['acme/down']], // "api.acme.com" is three words, as SQLite reads it
    ['mail', ['acme/down']],
    ['-database', []], // exclusions alone select nothing
  ];
  for (const [q, expected] of cases) {
    expect([q, (await searchKeys(store, q)).sort()]).toEqual([q, expected]);
  }
}

async function searchKeys(store: Store, q: string): Promise<string[]> {
  const page = await store.searchIncidents(q, { limit: 50, offset: 0 });
  expect(page.total).toBe(page.hits.length);
  return page.hits.map((h) => `${h.incident.providerSlug}/${h.incident.vendorId}`);
}
