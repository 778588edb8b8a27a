import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels } from '../src/alerts/index.ts';
import { createSubscription } from '../src/alerts/manage-subscriptions.ts';
import { openPostgresStore } from '../src/storage/postgres-store.ts';
import type { Store } from '../src/storage/store.ts';
import { startTwin, type Twin } from '../src/twin/twin-server.ts';
import { buildVendorHistory } from '../src/twin/vendor-history.ts';
import { startHttpSink, type HttpSink } from './alert-sinks.ts';
import { startServeNode, waitFor, type Role, type ServeNode } from './_multi-node-cluster.ts';
import {
  TEST_DATABASE_URL as DB,
  schemaPool,
  urlWithSchema,
  whyUnreachable,
} from './support/postgres-schemas.ts';

/**
 * Issue 13 item 7: 2 pollers, 2 web nodes and 1 dispatcher (`serve --role …` child processes)
 * on one PostgreSQL schema, watching 8 twins of GitHub's status page, with 200 webhook
 * subscribers. A poller is killed with kill -9 in the middle of its polls, the dispatcher in the
 * middle of its fan-out; the figures are printed for the CI log.
 */

const schemas = schemaPool('multinode');
const SCHEMA = schemas.fresh();
/** GitHub's history.atom captured 2022-10-28T04:53:18Z (test/fixtures/PROVENANCE.md). */
const GITHUB_ATOM = fileURLToPath(
  new URL(
    './fixtures/replay-sample/githubstatus-history-atom__2022-10-28T04-53-18Z.atom',
    import.meta.url,
  ),
);
const PROVIDERS = 8;
const POLL_MS = 2_000;
const LEASE_SECONDS = 8;
/** Per poller: with every poll hanging, each poller holds at most this many leases. */
const POLL_CONCURRENCY = 4;
const SUBSCRIBERS = 200;
/** The receivers answer this slowly, so the fan-out of 1,600 sends lasts a few seconds. */
const SINK_DELAY_MS = 25;
const KILL_DISPATCHER_AFTER = 300;

/**
 * Twin times, from the capture: entry z9dd32bvfgp3 "Incident with Pull Requests" is first
 * posted Oct 27 04:59 UTC and open at 05:40 with 2 updates; nothing is open at 04:58 (the
 * twin's own tests read this from the capture). The vendor hangs for 10 twin seconds at 04:58:10.
 */
const at = (iso: string) => Date.parse(iso);
const NEW_INCIDENT = 'z9dd32bvfgp3';
const QUIET = at('2022-10-27T04:58:00Z');
const HANGING = at('2022-10-27T04:58:15Z');
const AFTER_HANG = at('2022-10-27T04:58:30Z');
const INCIDENT_OPEN = at('2022-10-27T05:40:00Z');
const HANG_FAULT = {
  kind: 'hang' as const,
  path: 'summary\\.json$',
  from: at('2022-10-27T04:58:10Z'),
  until: at('2022-10-27T04:58:20Z'),
};

const unreachable = await whyUnreachable(DB);

if (unreachable === null) {
  const runStarted = performance.now();
  let twinNow = QUIET;
  let dir = '';
  let store: Store;
  let db: pg.Client;
  let sink: HttpSink;
  const twins: Twin[] = [];
  const nodes: ServeNode[] = [];
  let setup: { configPath: string; databaseUrl: string; dataDir: string };
  const start = async (role: Role): Promise<ServeNode> => {
    const node = await startServeNode(role, setup);
    nodes.push(node);
    return node;
  };
  let pollers: ServeNode[] = [];
  let webs: ServeNode[] = [];
  let dispatcher: ServeNode;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-multinode-'));
    store = await openPostgresStore(DB, { schema: SCHEMA });
    db = new pg.Client({ connectionString: urlWithSchema(DB, SCHEMA) });
    await db.connect();
    const history = await buildVendorHistory([GITHUB_ATOM]);
    for (let i = 0; i < PROVIDERS; i++) {
      twins.push(await startTwin({ history, clock: () => twinNow, faults: [HANG_FAULT] }));
    }
    await addProviders(store, twins);
    sink = await startHttpSink();
    for (let i = 0; i < SUBSCRIBERS; i++) {
      sink.on(`/s/${String(i)}`, () => ({ status: 200, delayMs: SINK_DELAY_MS }));
    }
    await subscribe(store, sink);
    setup = {
      configPath: await writeConfig(dir),
      databaseUrl: urlWithSchema(DB, SCHEMA),
      dataDir: join(dir, 'data'),
    };
    const started = performance.now();
    [pollers, webs, dispatcher] = await Promise.all([
      Promise.all([start('poll'), start('poll')]),
      Promise.all([start('web'), start('web')]),
      start('alerts'),
    ]);
    const startedMs = performance.now() - started;
    // Every provider polled once: the cluster runs.
    await waitFor(
      async () => (await providerRows()).every((r) => r.lastSuccessAt !== null),
      30_000,
      'a first poll of every provider',
    );
    console.log(
      `multi-node: 5 nodes started in ${ms(startedMs)}, every provider polled` +
        ` ${ms(performance.now() - started - startedMs)} later`,
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    for (const twin of twins) await twin.close();
    await sink.close();
    await store.close();
    await db.end();
    await schemas.dropAll();
    await rm(dir, { recursive: true, force: true });
  });

  /** The providers' lease and health columns, straight from the database. */
  async function providerRows() {
    const { rows } = await db.query<Record<string, string | null>>(
      `select slug, lease_owner, lease_until, last_success_at, last_error_at
       from providers order by slug`,
    );
    return rows.map((r) => ({
      slug: String(r.slug),
      leaseOwner: r.lease_owner,
      leaseUntil: numberOrNull(r.lease_until),
      lastSuccessAt: numberOrNull(r.last_success_at),
      lastErrorAt: numberOrNull(r.last_error_at),
    }));
  }

  async function count(query: string, params: unknown[] = []): Promise<number> {
    const { rows } = await db.query<{ n: string }>(query, params);
    return Number(rows[0]?.n ?? 0);
  }

  describe('2 pollers, 2 web nodes and 1 dispatcher on one PostgreSQL database', () => {
    it('a poller killed with kill -9 mid-poll: the other polls its providers once its lease runs out', async () => {
      // Every poll now hangs, so each poller holds the leases of the polls it started. With 3
      // of its 4 slots taken a poller claims nothing more, until its poll deadline (lease / 2).
      twinNow = HANGING;
      await waitFor(
        async () => {
          const leased = (await providerRows()).filter((r) => (r.leaseUntil ?? 0) > Date.now());
          const perOwner = countBy(leased.map((r) => r.leaseOwner));
          return perOwner.size === 2 && [...perOwner.values()].every((n) => n >= 3);
        },
        10_000,
        'both pollers holding 3 leases or more',
      );
      const killedAt = Date.now();
      const [victim, survivor] = pollers;
      if (victim === undefined || survivor === undefined) throw new Error('two pollers expected');
      await victim.kill();
      twinNow = AFTER_HANG;
      const held = (await providerRows()).filter((r) => (r.leaseUntil ?? 0) > killedAt);

      const after = await waitFor(
        async () => {
          const rows = await providerRows();
          const done = held.every((h) =>
            rows.some((r) => r.slug === h.slug && (r.lastSuccessAt ?? 0) > killedAt),
          );
          return done ? rows : false;
        },
        (LEASE_SECONDS + 10) * 1000,
        'every provider leased at the kill polled again',
      );
      // The survivor's own hung polls end at its poll deadline with a recorded failure; the
      // dead poller's never end, so its providers have no failure after the kill.
      const failedAfterKill = (slug: string) =>
        (after.find((r) => r.slug === slug)?.lastErrorAt ?? 0) > killedAt;
      const survivorOwners = new Set(
        held.filter((h) => failedAfterKill(h.slug)).map((h) => h.leaseOwner),
      );
      const orphaned = held.filter((h) => !survivorOwners.has(h.leaseOwner));
      expect(survivorOwners.size).toBeLessThanOrEqual(1);
      expect(new Set(orphaned.map((h) => h.leaseOwner)).size).toBe(1);
      expect(orphaned.length).toBeGreaterThan(0);
      const takeovers = orphaned.map((h) => {
        const polledAt = after.find((r) => r.slug === h.slug)?.lastSuccessAt ?? 0;
        return { slug: h.slug, polledAt, leaseUntil: h.leaseUntil ?? 0 };
      });
      for (const t of takeovers) {
        // Not before the lease ran out (no two pollers at once), and soon after it.
        expect(t.polledAt).toBeGreaterThan(t.leaseUntil);
        expect(t.polledAt - killedAt).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 2_000);
      }
      const sinceKill = takeovers.map((t) => t.polledAt - killedAt);
      const afterLease = takeovers.map((t) => t.polledAt - t.leaseUntil);
      console.log(
        `multi-node poller kill -9: it held ${String(orphaned.length)} of ${String(PROVIDERS)} providers` +
          ` (the survivor ${String(held.length - orphaned.length)}); the survivor polled them` +
          ` ${ms(Math.min(...sinceKill))}–${ms(Math.max(...sinceKill))} after the kill,` +
          ` ${ms(Math.min(...afterLease))}–${ms(Math.max(...afterLease))} after their lease ran out` +
          ` (lease ${String(LEASE_SECONDS)} s)`,
      );
    }, 60_000);

    let dispatcherKill: Promise<{ received: number }>;

    it('shows a new incident on both web nodes within 5 s of its commit (LISTEN/NOTIFY)', async () => {
      const api = (web: ServeNode) => `${web.url ?? ''}/api/v1/incidents?limit=20`;
      const showsNewIncident = async (web: ServeNode) => {
        const body = (await (await fetch(api(web))).json()) as { incidents: { id: string }[] };
        return body.incidents.some((i) => i.id === NEW_INCIDENT);
      };
      // Both nodes cache the page without the incident (a minute, unless told otherwise).
      for (const web of webs) expect(await showsNewIncident(web)).toBe(false);
      dispatcherKill = sink.waitFor(KILL_DISPATCHER_AFTER, 60_000).then(async () => {
        await dispatcher.kill();
        return { received: sink.requests.length };
      });
      const posted = Date.now();
      twinNow = INCIDENT_OPEN;
      const [committedAt, ...shownAt] = await Promise.all([
        waitFor(
          async () =>
            (await count('select count(*) as n from incidents where vendor_id = $1', [
              NEW_INCIDENT,
            ])) > 0 && Date.now(),
          20_000,
          'the new incident in the database',
        ),
        ...webs.map((web) =>
          waitFor(
            async () => (await showsNewIncident(web)) && Date.now(),
            25_000,
            `${web.url ?? ''} showing it`,
          ),
        ),
      ]);
      const lags = shownAt.map((t) => t - committedAt);
      console.log(
        `multi-node cross-node pages: first commit ${ms(committedAt - posted)} after the twin` +
          ` posted the incident; web nodes showed it ${lags.map(ms).join(' and ')} after the commit`,
      );
      for (const lag of lags) expect(lag).toBeLessThan(5_000);
    }, 60_000);

    it('a dispatcher killed with kill -9 mid fan-out and restarted: 0 lost, repeats only with their key', async () => {
      await waitFor(
        async () =>
          (await count(
            `select count(*) as n from events where kind = 'incident_opened' and incident_vendor_id = $1`,
            [NEW_INCIDENT],
          )) === PROVIDERS,
        20_000,
        'the incident opened on every provider',
      );
      const expected = SUBSCRIBERS * PROVIDERS;
      expect(await count('select count(*) as n from alert_deliveries')).toBe(expected);
      const killed = await dispatcherKill;
      expect(killed.received).toBeLessThan(expected);
      const restarted = performance.now();
      dispatcher = await start('alerts');
      const startUpMs = performance.now() - restarted;
      await waitFor(
        async () =>
          (await count(`select count(*) as n from alert_deliveries where status = 'delivered'`)) ===
          expected,
        60_000,
        'every delivery delivered',
      );
      const finishedMs = performance.now() - restarted;

      const pathsByKey = new Map<string, Set<string>>();
      for (const r of sink.requests) {
        const key = String(r.headers['idempotency-key']);
        pathsByKey.set(key, (pathsByKey.get(key) ?? new Set()).add(r.path));
      }
      const { rows } = await db.query<{ idempotency_key: string }>(
        'select idempotency_key from alert_deliveries',
      );
      // 0 lost: every (event, subscriber) pair arrived; a repeat never came with a new key.
      expect(new Set(pathsByKey.keys())).toEqual(new Set(rows.map((r) => r.idempotency_key)));
      expect([...pathsByKey.values()].every((paths) => paths.size === 1)).toBe(true);
      expect(new Set(sink.requests.map((r) => r.path)).size).toBe(SUBSCRIBERS);
      const undelivered = `select count(*) as n from alert_deliveries where status <> 'delivered'`;
      expect(await count(undelivered)).toBe(0);
      const repeats = sink.requests.length - expected;
      console.log(
        `multi-node dispatcher kill -9: ${String(killed.received)} of ${String(expected)} sends received` +
          ` before the kill; the new process started in ${ms(startUpMs)}, all ${String(expected)}` +
          ` had arrived ${ms(finishedMs - startUpMs)} later (dispatcher lease 5 s): 0 lost,` +
          ` ${String(repeats)} repeats, each with its original key`,
      );
    }, 90_000);

    it('holds no duplicate events', async () => {
      const byKey = await count(
        `select count(*) as n from (select idempotency_key from events
         group by idempotency_key having count(*) > 1) d`,
      );
      // The same fact recorded twice under two keys would be a duplicate too.
      const byFact = await count(
        `select count(*) as n from (select provider_slug, kind, incident_vendor_id, occurred_at
         from events group by 1, 2, 3, 4 having count(*) > 1) d`,
      );
      const total = await count('select count(*) as n from events');
      console.log(
        `multi-node events: ${String(total)} in the database, ${String(byKey)} duplicate keys,` +
          ` ${String(byFact)} duplicate facts`,
      );
      expect(byKey).toBe(0);
      expect(byFact).toBe(0);
      console.log(`multi-node: whole run ${ms(performance.now() - runStarted)}`);
    });
  });
} else if (process.env.CI) {
  // In CI a skipped PostgreSQL is a hole, so it fails.
  describe('multi-node on PostgreSQL', () => {
    it('reaches PostgreSQL (required when CI is set)', () => {
      throw new Error(`PostgreSQL unreachable: ${unreachable}`);
    });
  });
} else {
  console.warn(`multi-node test SKIPPED: PostgreSQL unreachable (${unreachable})`);
  describe.skip('multi-node on PostgreSQL', () => {
    it('needs PostgreSQL', () => undefined);
  });
}

// --- helpers ---

async function addProviders(store: Store, twins: readonly Twin[]): Promise<void> {
  const now = Date.now();
  for (const [i, twin] of twins.entries()) {
    await store.addProvider(
      {
        slug: `github-twin-${String(i)}`,
        name: `GitHub twin ${String(i)}`,
        pageUrl: twin.url,
        sourceUrl: `${twin.url}/api/v2/summary.json`,
        format: 'statuspage-v2',
        // Shorter than a configuration allows (5 s), so that the test stays short.
        poll: { intervalMs: POLL_MS, openIncidentIntervalMs: POLL_MS },
        createdAt: now,
      },
      now,
    );
  }
}

/** 200 webhook subscribers to incidents opened anywhere, through the real validation. */
async function subscribe(store: Store, sink: HttpSink): Promise<void> {
  const channels = createChannels({ http: { allowList: ['127.0.0.1'] } });
  try {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const channel = { kind: 'webhook', url: `${sink.url}/s/${String(i)}` };
      await createSubscription(store, channels, { events: ['opened'], channel }, Date.now());
    }
  } finally {
    await channels.close();
  }
}

async function writeConfig(dir: string): Promise<string> {
  const path = join(dir, 'statuswatch.yaml');
  await writeFile(
    path,
    [
      'logLevel: warn',
      'fetch: { allowList: ["127.0.0.1"], timeoutSeconds: 30 }',
      `poll: { concurrency: ${String(POLL_CONCURRENCY)}, leaseSeconds: ${String(LEASE_SECONDS)} }`,
      'alerts:',
      '  allowList: ["127.0.0.1"]',
      '  webhookTimeoutSeconds: 2',
      '  dispatcher: { leaseSeconds: 5 }',
    ].join('\n'),
  );
  return path;
}

function countBy<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function numberOrNull(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function ms(value: number): string {
  return `${String(Math.round(value))} ms`;
}
