/**
 * Issue 12, acceptance 5: a vendor incident played by the twin, affecting a component our page
 * depends on, raises exactly one draft (polled again and again, across a restart and two nodes
 * on one database); publishing it opens one incident with one `incident_opened` and its
 * alerts planned once; the vendor's resolution proposes a resolution the operator accepts.
 *
 * The vendor is GitHub as the real captures show it: the component list of
 * `github__summary-2026-07-31.json` and the incidents of `github__history.atom` (captured
 * 2026-08-22), served by the twin as Statuspage JSON. The incident is `qcvjkzcs7j74`,
 * "Incident with Actions": opened 2026-08-06 15:22 UTC ("We are investigating reports of
 * degraded performance for Actions"), resolved 2026-08-07 02:04 UTC. The feed names no
 * components; ingest derives "Actions" from its words.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChannels, createSubscription, alertDeliveryPlanner } from '../src/alerts/index.ts';
import { main } from '../src/cli/main.ts';
import { loadConfig, type PageConfig } from '../src/config/index.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { createScheduler } from '../src/ingest/scheduler.ts';
import { publishDueDrafts, startAutoPublish, withPageDrafts } from '../src/own-page/index.ts';
import { createWebServer } from '../src/web/server.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { simulate } from '../src/twin/simulate.ts';
import { startTwin, type Twin } from '../src/twin/twin-server.ts';
import { buildVendorHistory, type VendorHistory } from '../src/twin/vendor-history.ts';
import { testTempDir } from './support/temp-dir.ts';

const CAPTURES = [
  'test/fixtures/vendors/statuspage-v2/github__summary-2026-07-31.json',
  'test/fixtures/vendors/statuspage-feed/github__history.atom',
];
const INCIDENT = 'qcvjkzcs7j74';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FROM = Date.parse('2026-08-06T15:00:00Z');
const OPENED = Date.parse('2026-08-06T15:22:00Z');
const RESOLVED = Date.parse('2026-08-07T02:04:00Z');

const yaml = (autoPublish: boolean) => `
page:
  slug: acme
  name: Acme
  url: https://status.acme.example/status
  components:
    - { id: ci, name: CI, dependsOn: ["github:actions"], autoPublish: ${String(autoPublish)} }
    - { id: billing, name: Billing, dependsOn: ["stripe:api"] }
    - { id: web, name: Website }
`;

/** The CLI in-process on the test's config and data dir: exit code and printed lines. */
function cli(dir: string) {
  return async (...args: string[]): Promise<{ code: number; out: string }> => {
    const lines: string[] = [];
    const code = await main([...args, '--config', join(dir, 'statuswatch.yaml'), '--data-dir', dir], (l) => lines.push(l)); // prettier-ignore
    return { code, out: lines.join('\n') };
  };
}

/** One statuswatch node watching the twin: the real scheduler, fetcher, sources and ingest. */
function node(store: Store, page: PageConfig, clock: () => number) {
  return createScheduler({
    store,
    fetcher: createFetcher({ allowList: ['127.0.0.1'] }),
    // As serve and poll wire it: alerts' planner wrapped by the page's drafts.
    deliveries: withPageDrafts(alertDeliveryPlanner(store), store, page),
    clock,
    concurrency: 2,
  });
}

/** Virtual time: each step jumps to the provider's next poll; the nodes take turns. Polls per node. */
async function pollUntil(
  stores: readonly Store[],
  schedulers: readonly ReturnType<typeof node>[],
  time: { now: number },
  until: number,
): Promise<number[]> {
  const polls = schedulers.map(() => 0);
  for (let turn = 0; ; turn++) {
    const at = turn % schedulers.length;
    polls[at] = (polls[at] ?? 0) + ((await schedulers[at]?.runOnce())?.length ?? 0);
    const next = (await stores[0]?.getProvider('github'))?.source.nextPollAt;
    if (next === undefined || next > until) return polls;
    time.now = Math.max(time.now + 1, next);
  }
}

async function setUp(dir: string, autoPublish: boolean) {
  writeFileSync(join(dir, 'statuswatch.yaml'), yaml(autoPublish));
  const page = loadConfig({ configPath: join(dir, 'statuswatch.yaml') }, {}).page;
  if (page === undefined) throw new Error('no page in the test config');
  const history = await buildVendorHistory(CAPTURES);
  const time = { now: FROM };
  const twin = await startTwin({ history, clock: () => time.now });
  return { page, history, time, twin };
}

async function addGitHub(store: Store, twin: Twin, history: VendorHistory): Promise<void> {
  await store.addProvider(
    {
      slug: 'github',
      name: history.page.name,
      pageUrl: twin.url,
      sourceUrl: `${twin.url}/api/v2/summary.json`,
      format: 'statuspage-v2',
      poll: { intervalMs: MINUTE, openIncidentIntervalMs: 15_000 },
      createdAt: FROM,
    },
    FROM,
  );
}

describe('drafts raised by a vendor incident (GitHub Actions, 2026-08-06)', () => {
  it('raises one draft across polls, a restart and two nodes; publishing opens one incident; the vendor resolution is proposed', async () => {
    const dir = testTempDir('statuswatch-vendor-drafts-');
    const { page, history, time, twin } = await setUp(dir, false);
    const run = cli(dir);
    const clock = () => time.now;
    try {
      // First run: watch from 15:00 until 15:50, the incident open since 15:22.
      let store = await openStore({ databaseUrl: null, dataDir: dir });
      await addGitHub(store, twin, history);
      const channels = createChannels({ http: { allowList: ['127.0.0.1'] } });
      const input = { channel: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32) } }; // prettier-ignore
      await createSubscription(store, channels, input, FROM);
      const firstPolls = await pollUntil([store], [node(store, page, clock)], time, FROM + 50 * MINUTE); // prettier-ignore
      expect(firstPolls[0]).toBeGreaterThan(10);
      const [raised, ...others] = await store.listPageDrafts('acme');
      expect(others).toEqual([]);
      expect(raised).toMatchObject({
        vendor: { providerSlug: 'github', vendorId: INCIDENT },
        vendorName: 'GitHub',
        vendorTitle: 'Incident with Actions',
        title: 'Delays in CI: our provider GitHub reports degraded Actions',
        components: { ci: 'degraded_performance' },
        impact: 'minor',
        state: 'draft',
        autoPublish: false,
        resolution: null,
      });
      // Raised by the poll that first saw the incident: within a poll interval and its jitter.
      expect(raised?.raisedAt).toBeGreaterThanOrEqual(OPENED);
      expect(raised?.raisedAt).toBeLessThanOrEqual(OPENED + 2 * MINUTE);
      // Never public: no incident on our page, and no event of ours.
      expect(await store.listIncidents({ providerSlug: 'acme' })).toEqual([]);
      await store.close();

      // A restart, then two nodes on one database taking turns, until 17:00.
      store = await openStore({ databaseUrl: null, dataDir: dir });
      const other = await openStore({ databaseUrl: null, dataDir: dir });
      const laterPolls = await pollUntil([store, other], [node(store, page, clock), node(other, page, clock)], time, FROM + 2 * HOUR); // prettier-ignore
      expect(laterPolls.map((n) => n > 10)).toEqual([true, true]);
      expect(await store.listPageDrafts('acme')).toEqual([raised]);
      await other.close();
      await store.close();

      // The operator lists and publishes it with one command.
      const id = String(raised?.id);
      expect((await run('page-drafts', 'list')).out).toContain(`#${id} draft`);
      const published = await run('page-drafts', 'publish', id, '--at', new Date(FROM + 2 * HOUR).toISOString()); // prettier-ignore
      expect(published.code).toBe(0);
      // A second publish (a second operator) opens nothing.
      const again = await run('page', 'draft', 'publish', id);
      expect(again.code).toBe(1);
      expect(again.out).toMatch(
        new RegExp(`conflict: draft ${id} is already published as incident [a-z0-9]{12}`),
      );

      store = await openStore({ databaseUrl: null, dataDir: dir });
      const ours = await store.listIncidents({ providerSlug: 'acme' });
      expect(ours.map((i) => [i.title, i.status, i.impact])).toEqual([
        ['Delays in CI: our provider GitHub reports degraded Actions', 'investigating', 'minor'],
      ]);
      const code = ours[0]?.vendorId ?? '';
      expect((await store.getPageDraft(Number(id)))?.incidentCode).toBe(code);
      const state = await store.loadProviderState('acme', []);
      expect(state.components?.map((c) => [c.vendorId, c.status])).toEqual([
        ['ci', 'degraded_performance'],
        ['billing', 'operational'],
        ['web', 'operational'],
      ]);
      const events = (await store.listEvents(0, 100_000)).filter((e) => e.providerSlug === 'acme');
      const opened = events.filter((e) => e.kind === 'incident_opened');
      expect(opened.map((e) => 'incidentVendorId' in e && e.incidentVendorId)).toEqual([code]);
      const deliveries = await store.alerts.listDeliveries({ limit: 100_000 });
      expect(deliveries.filter((d) => d.eventId === opened[0]?.id)).toHaveLength(1);

      // On until an hour after the vendor resolves: a resolution is proposed, not applied.
      const resolvedPolls = await pollUntil([store], [node(store, page, clock)], time, RESOLVED + HOUR); // prettier-ignore
      expect(resolvedPolls[0]).toBeGreaterThan(10);
      const proposed = await store.getPageDraft(Number(id));
      expect(proposed?.resolution?.body).toBe('Our provider GitHub reports "Incident with Actions" resolved, and our service has recovered.'); // prettier-ignore
      expect(proposed?.resolution?.proposedAt).toBeGreaterThanOrEqual(RESOLVED);
      expect((await store.getIncident('acme', code))?.status).toBe('investigating');
      await store.close();
      expect((await run('page-drafts', 'list')).out).toContain(`page draft resolve ${id}`);

      // The operator accepts it with one command: our incident resolves, CI is operational.
      expect((await run('page-drafts', 'resolve', id)).code).toBe(0);
      store = await openStore({ databaseUrl: null, dataDir: dir });
      expect((await store.getIncident('acme', code))?.status).toBe('resolved');
      const after = await store.loadProviderState('acme', []);
      expect(after.components?.find((c) => c.vendorId === 'ci')?.status).toBe('operational');
      expect((await store.getPageDraft(Number(id)))?.state).toBe('closed');
      // Still one draft, one incident of ours, one incident_opened of ours.
      expect(await store.listPageDrafts('acme')).toHaveLength(1);
      expect(await store.listIncidents({ providerSlug: 'acme' })).toHaveLength(1);
      const openedEvents = (await store.listEvents(0, 100_000)).filter((e) => e.providerSlug === 'acme' && e.kind === 'incident_opened'); // prettier-ignore
      expect(openedEvents).toHaveLength(1);
      await store.close();
    } finally {
      await twin.close();
    }
  }, 240_000);

  it('auto-publishes once, after the write that raised the draft commits', async () => {
    const dir = testTempDir('statuswatch-vendor-drafts-');
    const { page, history, time, twin } = await setUp(dir, true);
    const raw = await openStore({ databaseUrl: null, dataDir: dir });
    const notices = withIngestNotices(raw);
    const store = notices.store;
    const writer = { store, page, deliveries: alertDeliveryPlanner(store) };
    const auto = startAutoPublish({ writer, onIngest: (l) => notices.onIngest(l), clock: () => time.now, onError: (e) => { throw e; } }); // prettier-ignore
    try {
      await addGitHub(store, twin, history);
      await pollUntil([store], [node(store, page, () => time.now)], time, FROM + 50 * MINUTE);
      await auto.stop();
      const [draft, ...others] = await store.listPageDrafts('acme');
      expect(others).toEqual([]);
      expect(draft).toMatchObject({ state: 'published', autoPublish: true });
      const ours = await store.listIncidents({ providerSlug: 'acme' });
      expect(ours.map((i) => [i.vendorId, i.title])).toEqual([
        [draft?.incidentCode, 'Delays in CI: our provider GitHub reports degraded Actions'],
      ]);
      // Opened within a poll interval (and its jitter) of the vendor's first post.
      expect(ours[0]?.startedAt).toBeLessThanOrEqual(OPENED + 2 * MINUTE);
      // Another sweep (another node, a restart) opens nothing more.
      expect(await publishDueDrafts(writer, time.now)).toEqual([]);
    } finally {
      await twin.close();
      await store.close();
    }
  }, 120_000);

  // As JSON the twin lists GitHub's components; as history.atom alone it lists none, and the
  // dependency, written as GitHub capitalises it, is found in the incident's words.
  it.each([
    ['statuspage-v2', 'actions'],
    ['statuspage-feed', 'Actions'],
  ] as const)(
    'is raised by `simulate` too (%s), never auto-published there',
    async (as, name) => {
      const dir = testTempDir('statuswatch-vendor-drafts-');
      const { history, twin } = await setUp(dir, true);
      await twin.close();
      writeFileSync(
        join(dir, 'statuswatch.yaml'),
        yaml(true).replace('github:actions', `github:${name}`),
      );
      const page = loadConfig({ configPath: join(dir, 'statuswatch.yaml') }, {}).page;
      const store = await openStore({ databaseUrl: null, dataDir: dir });
      try {
        await simulate({
          store,
          fetcher: createFetcher({ allowList: ['127.0.0.1'] }),
          history,
          providerSlug: 'github',
          as,
          from: FROM,
          until: FROM + 50 * MINUTE,
          ...(page === undefined ? {} : { page }),
        });
        const drafts = await store.listPageDrafts('acme');
        expect(drafts.map((d) => [d.vendor.vendorId, d.state, d.autoPublish, d.title])).toEqual([
          [INCIDENT, 'draft', false, 'Delays in CI: our provider GitHub reports degraded Actions'],
        ]);
        expect(await store.listIncidents({ providerSlug: 'acme' })).toEqual([]);
      } finally {
        await store.close();
      }
    },
    120_000,
  );

  it('is published with one click on the admin page, once', async () => {
    const dir = testTempDir('statuswatch-vendor-drafts-');
    const { page, history, twin } = await setUp(dir, false);
    await twin.close();
    const store = await openStore({ databaseUrl: null, dataDir: dir });
    try {
      await simulate({
        store,
        fetcher: createFetcher({ allowList: ['127.0.0.1'] }),
        history,
        providerSlug: 'github',
        as: 'statuspage-v2',
        from: FROM,
        until: FROM + 50 * MINUTE,
        page,
      });
      const [draft] = await store.listPageDrafts('acme');
      if (draft === undefined) throw new Error('simulate raised no draft');
      const app = createWebServer({ store, clock: () => FROM + HOUR, ownPage: page });
      const overview = await app.inject('/admin/page');
      expect(overview.body).toContain('Delays in CI: our provider GitHub reports degraded Actions');
      expect(overview.body).toContain(`action="/admin/page/drafts/${String(draft.id)}/publish"`);
      const click = () =>
        app.inject({ method: 'POST', url: `/admin/page/drafts/${String(draft.id)}/publish` });
      const first = await click();
      expect(first.statusCode).toBe(303);
      const code = /\/admin\/page\/incidents\/([a-z0-9]{12})$/.exec(
        String(first.headers.location),
      )?.[1];
      // A second click (a second operator) opens nothing more.
      expect((await click()).statusCode).toBe(409);
      const ours = await store.listIncidents({ providerSlug: 'acme' });
      expect(ours.map((i) => [i.vendorId, i.title])).toEqual([[code, draft.title]]);
      const opened = (await store.listEvents(0, 10_000)).filter(
        (e) => e.providerSlug === 'acme' && e.kind === 'incident_opened',
      );
      expect(opened).toHaveLength(1);
      await app.close();
    } finally {
      await store.close();
    }
  }, 120_000);
});
