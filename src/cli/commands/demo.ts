import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { alertDeliveryPlanner } from '../../alerts/index.ts';
import { fetcherFromConfig } from '../../app.ts';
import {
  StatuswatchError,
  describeError,
  type Provider,
  type SourceFormat,
} from '../../domain/index.ts';
import { withIngestNotices } from '../../ingest/ingest-notifier.ts';
import { createScheduler } from '../../ingest/scheduler.ts';
import { openSqliteStore } from '../../storage/sqlite-store.ts';
import { createWebServer } from '../../web/server.ts';
import type { Command } from '../command.ts';
import { demoLifecycle } from './_demo-lifecycle.ts';

/** What the demo uses of test/fake-vendor.ts (loaded at run time: it is not part of the build). */
interface Route {
  serve(req: IncomingMessage, res: ServerResponse): void;
}
interface FakeVendorModule {
  startFakeVendor(): Promise<{
    url: string;
    route(path: string, handler: Route): void;
    close(): Promise<void>;
  }>;
  fixtureRoute(path: string, contentType: string): Route;
}

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const FAKE_VENDOR = new URL('../../../test/fake-vendor.ts', import.meta.url).href;
/** Compiled (dist/), this module has no TypeScript loader and no test/ folder beside it. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Recorded payloads the fake vendor serves: [slug, name, format, path on the fake, fixture]. */
const RECORDED: [string, string, SourceFormat, string, string][] = [
  ['openai', 'OpenAI', 'incidentio', '/openai/api/v2/summary.json', 'vendors/incidentio/openai__api-v2-summary.json'],
  ['github-feed', 'GitHub (Atom feed)', 'statuspage-feed', '/github-feed/history.atom', 'vendors/statuspage-feed/github__history.atom'],
  ['digitalocean', 'DigitalOcean', 'statuspage-feed', '/digitalocean/history.rss', 'vendors/statuspage-feed/digitalocean__history.rss'],
  ['atlassian', 'Atlassian Statuspage', 'statuspage-feed', '/atlassian/history.atom', 'vendors/statuspage-feed/atlassian-statuspage__history.atom'],
  ['streamyard', 'StreamYard', 'statuspage-feed', '/streamyard/history.atom', 'vendors/statuspage-feed/streamyard__history.atom'],
]; // prettier-ignore

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run statuswatch offline against recorded vendor payloads (a local fake vendor)',
  usage: 'demo [--port N] [--data-dir DIR]',
  async run(ctx) {
    if (!FROM_SOURCES) throw demoNeedsSources();
    const vendorModule = (await import(FAKE_VENDOR)) as FakeVendorModule;
    const vendor = await vendorModule.startFakeVendor();
    const dir = join(ctx.config.dataDir, 'demo');
    // A fresh store each run: the lifecycle's times start now.
    for (const suffix of ['', '-wal', '-shm'])
      await rm(join(dir, `statuswatch.db${suffix}`), { force: true });
    const raw = await openSqliteStore(join(dir, 'statuswatch.db'));
    const notices = withIngestNotices(raw);
    const store = notices.store;
    const fetch = { ...ctx.config.fetch, allowList: [...ctx.config.fetch.allowList, '127.0.0.1'] };
    const fetcher = fetcherFromConfig({ ...ctx.config, fetch });
    routeGithubLifecycle(vendor, Date.now());
    for (const [slug, name, format, path, fixture] of RECORDED) {
      vendor.route(path, vendorModule.fixtureRoute(fixture, contentTypeOf(path)));
      await store.addProvider(demoProvider(slug, name, format, vendor.url, path), Date.now());
    }
    await store.addProvider(
      demoProvider('github', 'GitHub', 'statuspage-v2', vendor.url, '/github/api/v2/summary.json'),
      Date.now(),
    );
    const scheduler = createScheduler({
      store,
      fetcher,
      concurrency: 8,
      deliveries: alertDeliveryPlanner(store),
      onResult: (r) => {
        if (r.outcome === 'failed') ctx.out(`poll ${r.slug}: ${r.message}`);
      },
      onError: (e) => {
        ctx.out(`poller: ${describeError(e)}`);
      },
    });
    const web = createWebServer({
      store,
      onIngest: (listener) => notices.onIngest(listener),
      fetcher,
    });
    const address = await web.listen({ port: ctx.config.port, host: '127.0.0.1' });
    const polling = scheduler.run();
    ctx.out(`statuswatch demo: open ${address} (fake vendor at ${vendor.url}, data in ${dir})`);
    ctx.out('GitHub replays a recorded outage, one update every 20 s; Ctrl-C stops.');
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    scheduler.stop();
    await polling;
    await web.close();
    await fetcher.close();
    await raw.close();
    await vendor.close();
    return 0;
  },
};

// --- internal ---

function demoNeedsSources(): StatuswatchError {
  return new StatuswatchError(
    'config',
    'the demo runs from sources only (it replays test/fixtures through test/fake-vendor.ts, ' +
      'which the build leaves out): run `npm run demo` or `bin/statuswatch.js demo`',
  );
}

function routeGithubLifecycle(
  vendor: { route(path: string, handler: Route): void },
  startedAt: number,
): void {
  const lifecycle = demoLifecycle(FIXTURES, startedAt);
  const json = (res: ServerResponse, body: string | null) => {
    res.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' });
    res.end(body ?? '{"error":"not found"}');
  };
  vendor.route('/github/api/v2/summary.json', {
    serve: (_req, res) => {
      const body = lifecycle.summaryAt(Date.now());
      // The poller asks for a vanished incident by id: each cycle's id gets its own route.
      const id = (JSON.parse(body) as { incidents: { id: string }[] }).incidents[0]?.id;
      if (id !== undefined) {
        vendor.route(`/github/api/v2/incidents/${id}.json`, {
          serve: (_r, answer) => {
            json(answer, lifecycle.incidentAt(id, Date.now()));
          },
        });
      }
      json(res, body);
    },
  });
}

function demoProvider(
  slug: string,
  name: string,
  format: SourceFormat,
  origin: string,
  path: string,
): Provider {
  const base = `${origin}/${path.split('/')[1] ?? slug}`;
  return {
    slug,
    name,
    pageUrl: base,
    sourceUrl: origin + path,
    format,
    createdAt: Date.now(),
    poll: { intervalMs: 15_000, openIncidentIntervalMs: 5_000 },
  };
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.rss')) return 'application/rss+xml';
  if (path.endsWith('.atom')) return 'application/atom+xml';
  return 'application/json';
}
