/**
 * A store seeded from real captured fixtures (plus the hand-made hostile feed), with a fixed
 * clock, shared by the HTTP-level and browser tests of the web server.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  EpochMs,
  Provider,
  Snapshot,
  SourceFormat,
  StoredIncident,
} from '../../src/domain/index.ts';
import { HEALTHY } from '../../src/ingest/source-health.ts';
import { noDeliveries } from '../../src/ingest/delivery-planner.ts';
import { ingestSnapshot } from '../../src/ingest/ingest-snapshot.ts';
import { sourceFor } from '../../src/sources/index.ts';
import type { Store } from '../../src/storage/store.ts';

/** The server's "now": just after the OpenAI capture (2026-09-29T18:29:41Z). */
export const SEED_NOW = Date.UTC(2026, 8, 29, 18, 35, 0);
const MINUTE = 60_000;

/** The GitHub incident the tests look at: 8 updates, 10 components, 44 minutes, critical. */
export const GITHUB_INCIDENT = 'gqx5l06jjxhp';
export const RAW_HOSTILE_INCIDENT = 'raw-hostile';

export async function seedStore(store: Store): Promise<void> {
  await seedGithubJson(store);
  await addProvider(
    store,
    'githubstatus',
    'GitHub (feed)',
    'statuspage-feed',
    'https://www.githubstatus.com/history.atom',
  );
  await ingestFile(
    store,
    'githubstatus',
    'vendors/statuspage-feed/github__history.atom',
    Date.UTC(2026, 7, 22, 3, 50),
  );
  await addProvider(
    store,
    'openai',
    'OpenAI',
    'incidentio',
    'https://status.openai.com/api/v2/summary.json',
  );
  await ingestFile(
    store,
    'openai',
    'vendors/incidentio/openai__api-v2-summary.json',
    SEED_NOW - MINUTE / 2,
  );
  await addProvider(
    store,
    'hostile',
    'Hostile Example',
    'statuspage-feed',
    'https://status.hostile.test/history.atom',
  );
  await ingestFile(
    store,
    'hostile',
    'handmade/statuspage-feed__hostile-bodies.atom',
    SEED_NOW - MINUTE,
  );
  await storeRawHostileIncident(store);
  await addFailingProvider(store);
}

// --- internal ---

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function readFixture(path: string): string {
  return readFileSync(FIXTURES + path, 'utf8');
}

function parse(
  format: SourceFormat,
  path: string,
  fetchedAt: EpochMs,
  body = readFixture(path),
): Snapshot {
  return sourceFor(format).parse(body, {
    url: `https://fixture.test/${path}`,
    fetchedAt,
    contentType: null,
  });
}

async function addProvider(
  store: Store,
  slug: string,
  name: string,
  format: SourceFormat,
  sourceUrl: string,
): Promise<void> {
  const provider: Provider = {
    slug,
    name,
    pageUrl: new URL(sourceUrl).origin,
    sourceUrl,
    format,
    poll: { intervalMs: MINUTE, openIncidentIntervalMs: MINUTE / 4 },
    createdAt: Date.UTC(2022, 0, 1),
  };
  await store.addProvider(provider, provider.createdAt);
}

async function ingestFile(store: Store, slug: string, path: string, at: EpochMs): Promise<void> {
  const format = (await store.getProvider(slug))?.provider.format ?? 'statuspage-v2';
  await ingestSnapshot(store, slug, parse(format, path, at), {
    now: at,
    deliveries: noDeliveries,
    random: () => 0.5,
  });
}

/**
 * GitHub's Statuspage JSON: the summary first (history from then on is live), then one incident
 * seen live from its first update (so its detection lag is real), then three more captures.
 */
async function seedGithubJson(store: Store): Promise<void> {
  await addProvider(
    store,
    'github',
    'GitHub',
    'statuspage-v2',
    'https://www.githubstatus.com/api/v2/summary.json',
  );
  await ingestFile(
    store,
    'github',
    'vendors/statuspage-v2/github__summary.json',
    Date.UTC(2022, 10, 25, 15, 51),
  );
  const path = `vendors/statuspage-v2/github__incident-${GITHUB_INCIDENT}.json`;
  const doc = JSON.parse(readFixture(path)) as {
    incident: { incident_updates: unknown[] } & Record<string, unknown>;
  };
  const firstOnly = {
    ...doc,
    incident: {
      ...doc.incident,
      status: 'investigating',
      resolved_at: null,
      incident_updates: doc.incident.incident_updates.slice(-1),
    },
  };
  const firstPost = Date.parse('2023-06-29T17:52:11.466Z');
  await ingestSnapshot(
    store,
    'github',
    parse('statuspage-v2', path, firstPost + 3 * MINUTE, JSON.stringify(firstOnly)),
    { now: firstPost + 3 * MINUTE, deliveries: noDeliveries },
  );
  await ingestFile(store, 'github', path, Date.parse('2023-06-29T18:40:00Z'));
  for (const id of ['98fs1552d2nw', 'rgy28jwprr1c', 't2xwk9mz56f4']) {
    await ingestFile(
      store,
      'github',
      `vendors/statuspage-v2/github__incident-${id}.json`,
      Date.UTC(2023, 8, 1),
    );
  }
  // A fresh poll of the same summary: GitHub is current, not stale, at SEED_NOW.
  await ingestFile(
    store,
    'github',
    'vendors/statuspage-v2/github__summary.json',
    SEED_NOW - MINUTE,
  );
}

/** Written straight to the store, as an older version might have: only render-time defences apply. */
async function storeRawHostileIncident(store: Store): Promise<void> {
  const state = await store.loadProviderState('hostile', []);
  const raw =
    '<p>Raw <script>window.__pwned="raw-script";document.title="pwned"</script>' +
    '<img src=x onerror="window.__pwned=\'raw-img\'"><a href="javascript:window.__pwned=\'raw-link\'">raw link</a>' +
    '<a href="https://status.hostile.test/ok" onclick="window.__pwned=\'raw-click\'">safe link</a></p>';
  const incident: StoredIncident = {
    providerSlug: 'hostile',
    vendorId: RAW_HOSTILE_INCIDENT,
    title: 'Raw body stored unsanitized',
    kind: 'incident',
    impact: 'minor',
    status: 'resolved',
    createdAt: SEED_NOW - 30 * MINUTE,
    startedAt: SEED_NOW - 30 * MINUTE,
    monitoringAt: null,
    resolvedAt: SEED_NOW - 10 * MINUTE,
    scheduledFor: null,
    scheduledUntil: null,
    url: "javascript:window.__pwned='vendor-url'",
    shortlink: null,
    components: [],
    updates: [
      {
        vendorId: 'u1',
        status: 'resolved',
        label: null,
        bodyHtml: raw,
        bodyText: 'Raw',
        displayedAt: SEED_NOW - 10 * MINUTE,
        createdAt: SEED_NOW - 10 * MINUTE,
        affectedComponents: [],
      },
    ],
    postmortem: null,
    isTemplate: false,
    firstSeenAt: SEED_NOW - 29 * MINUTE,
    backfilled: false,
    lastChangedAt: SEED_NOW - 10 * MINUTE,
    previousTitles: [],
    ingestAnomalies: [],
  };
  await store.applyIngest({
    providerSlug: 'hostile',
    components: null,
    incidents: [incident],
    events: [],
    status: state.status,
    source: state.source,
    imported: true,
  });
}

/** A source that has never been read: it must show as failing, never as operational. */
async function addFailingProvider(store: Store): Promise<void> {
  await addProvider(
    store,
    'broken',
    'Broken Vendor',
    'statuspage-v2',
    'https://status.broken.test/api/v2/summary.json',
  );
  const state = await store.loadProviderState('broken', []);
  const at = SEED_NOW - 2 * MINUTE;
  await store.applyIngest({
    providerSlug: 'broken',
    components: null,
    incidents: [],
    events: [],
    status: 'unknown',
    imported: false,
    source: {
      ...state.source,
      nextPollAt: SEED_NOW + MINUTE,
      health: {
        ...HEALTHY,
        lastErrorAt: at,
        lastErrorKind: 'connect',
        lastErrorMessage: 'connect ECONNREFUSED',
        consecutiveFailures: 3,
        lastChangeAt: at - 4 * MINUTE,
      },
    },
  });
}
