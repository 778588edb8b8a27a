import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { IngestNotice } from '../src/domain/index.ts';
import {
  mergeNotices,
  startIngestRelay,
  type IngestRelay,
} from '../src/cluster/pg-ingest-relay.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { openPostgresStore } from '../src/storage/postgres-store.ts';
import type { Store } from '../src/storage/store.ts';
import { T0, makeIncident, makeIngestWrite, makeProvider } from './support/builders.ts';
import { createWebServer } from '../src/web/server.ts';
import { TEST_DATABASE_URL as URL, schemaPool } from './support/postgres-schemas.ts';

const schemas = schemaPool('nodes');
const SCHEMA = schemas.fresh();

interface Node {
  raw: Store;
  store: Store;
  relay: IngestRelay;
  app: FastifyInstance;
}
const nodes: Node[] = [];

/** One `serve` web node as the composition root wires it: its store, its relay, its cache. */
async function startNode(): Promise<Node> {
  const raw = await openPostgresStore(URL, { schema: SCHEMA });
  const notices = withIngestNotices(raw);
  const local = (listener: Parameters<typeof notices.onIngest>[0]) => notices.onIngest(listener);
  const relay = await startIngestRelay({
    url: URL,
    channel: SCHEMA,
    onLocal: local,
    onError: () => undefined,
  });
  const app = createWebServer({
    store: notices.store,
    onIngest: mergeNotices(local, (l) => relay.onRemote(l)),
  });
  const node = { raw, store: notices.store, relay, app };
  nodes.push(node);
  return node;
}

afterAll(async () => {
  for (const node of nodes.splice(0)) {
    await node.app.close();
    await node.relay.close();
    await node.raw.close();
  }
  await schemas.dropAll();
});

const titles = async (node: Node): Promise<string[]> => {
  const res = await node.app.inject({ url: '/api/v1/incidents' });
  return res.json<{ incidents: { title: string }[] }>().incidents.map((i) => i.title);
};

describe('two web nodes on one PostgreSQL database', () => {
  it('shows a write made through one node on the other within 5 s, not at cache expiry', async () => {
    const a = await startNode();
    const b = await startNode();
    await a.store.addProvider(makeProvider(), T0);
    await a.store.applyIngest(makeIngestWrite({ incidents: [makeIncident({ title: 'First' })] }));
    // b renders and caches its page (its cache lives a minute without a notice).
    expect(await titles(b)).toEqual(['First']);
    // The event that must happen: a's write reaches b as a notice (5 s is only the give-up).
    const noticed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('no notice from the other node within 5 s'));
      }, 5_000);
      const stop = b.relay.onRemote((notice) => {
        if (!notice.dataChanged) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
    const t0 = Date.now();
    const second = makeIncident({ vendorId: 'inc-2', title: 'Second', startedAt: T0 + 60_000 });
    await a.store.applyIngest(makeIngestWrite({ incidents: [second] }));
    await noticed;
    console.log(`second node was told of the new incident after ${Date.now() - t0} ms`);
    // Its very next render shows it: the notice dropped the cached page, no expiry waited for.
    expect(await titles(b)).toContain('Second');
  }, 30_000);
});

/** A bare relay whose local notices the test emits by hand. */
async function bareRelay(channel: string, errors: unknown[]) {
  const local = new EventEmitter();
  const relay = await startIngestRelay({
    url: URL,
    channel,
    onLocal: (listener) => {
      local.on('notice', listener);
      return () => local.off('notice', listener);
    },
    onError: (error) => errors.push(error),
  });
  const tell = (providerSlug: string): void => {
    const notice: IngestNotice = { providerSlug, eventIds: [], dataChanged: true };
    local.emit('notice', notice);
  };
  return { relay, tell };
}

/** Resolves with the first remote notice for `slug`; `poke` is called every 200 ms until then. */
function heard(relay: IngestRelay, slug: string, poke: () => void, giveUpMs: number) {
  return new Promise<void>((resolve, reject) => {
    const every = setInterval(poke, 200);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no notice for ${slug} within ${String(giveUpMs)} ms`));
    }, giveUpMs);
    const off = relay.onRemote((notice) => {
      if (notice.providerSlug === slug) {
        stop();
        resolve();
      }
    });
    function stop(): void {
      clearInterval(every);
      clearTimeout(timer);
      off();
    }
    poke();
  });
}

describe('the relay after its connection is cut', () => {
  it('reconnects and listens again, as after a PostgreSQL restart', async () => {
    const channel = `${SCHEMA}_cut`;
    const errorsA: unknown[] = [];
    const a = await bareRelay(channel, errorsA);
    const b = await bareRelay(channel, []);
    const admin = new pg.Client({ connectionString: URL });
    await admin.connect();
    try {
      await heard(
        a.relay,
        'before',
        () => {
          b.tell('before');
        },
        5_000,
      );
      // b has notified since it listened, so the one session whose last statement is still the
      // LISTEN is a's: terminating it is what a restart does to every connection.
      const killed = await admin.query<{ pid: number }>(
        'select pg_terminate_backend(pid) as pid from pg_stat_activity where query = $1',
        [`listen ${pg.escapeIdentifier(channel)}`],
      );
      expect(killed.rowCount).toBe(1);
      // Reconnection waits 1 s first; 15 s is only the give-up.
      await heard(
        a.relay,
        'after',
        () => {
          b.tell('after');
        },
        15_000,
      );
      expect(errorsA.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
      await a.relay.close();
      await b.relay.close();
    }
  }, 30_000);
});
