import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
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
