import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { authorNew, openIncident } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createPublicListener } from '../src/web/public-listener.ts';
import { testTempDir } from './support/temp-dir.ts';

/**
 * Issue 12, acceptance 6: `page.listen` serves `/status…` alone; `/`, `/api/v1/…` and
 * `/admin…` (and everything else outside /status) answer 404 there, while the loopback
 * listener keeps the dashboard and API.
 */

const PAGE_URL = 'https://status.acme.example/status';
const STATUS_PATHS = [
  '/status',
  '/status/',
  '/status/history',
  '/status/history?page=2',
  '/status/history.atom',
  '/status/history.rss',
  '/status/api/v2/summary.json',
  '/status/api/v2/incidents/unresolved.json',
  '/status/static/status.css',
];
const OUTSIDE_PATHS = [
  '/',
  '/api/v1/providers',
  '/api/v1/incidents',
  '/api/v1/subscriptions',
  '/api/openapi.json',
  '/api/v2/summary.json',
  '/admin',
  '/admin/page',
  '/metrics',
  '/healthz',
  '/static/app.css',
  '/incidents',
  '/providers/acme',
  '/statusx',
];

describe('the public listener, in process', () => {
  it('answers /status… and 404 everywhere else, whatever the method; Host is the page URL\'s', async () => {
    const page = pageConfigSchema.parse({ slug: 'acme', name: 'Acme', url: PAGE_URL, timeZone: 'Europe/Berlin', components: [{ name: 'API' }], listen: { port: 0 } });
    expect(page.listen).toEqual({ host: '0.0.0.0', port: 0 });
    const store = await openSqliteStore(':memory:');
    const opened = await authorNew({ store, page, deliveries: noDeliveries }, Date.parse('2024-02-06T20:00:00Z'), (cs, ctx) =>
      openIncident(cs, { title: 'Elevated API errors', impact: 'major', body: 'Investigating.', components: { api: 'major_outage' } }, ctx),
    );
    const app = createPublicListener({ store, page: { ...page, listen: { host: '127.0.0.1', port: 0 } }, apiToken: null });
    const get = (url: string, host = 'status.acme.example') => app.inject({ url, headers: { host } });
    for (const path of [...STATUS_PATHS, `/status/incidents/${opened.vendorId}`, `/status/api/v2/incidents/${opened.vendorId}.json`]) {
      expect([path, (await get(path)).statusCode]).toEqual([path, 200]);
    }
    for (const path of OUTSIDE_PATHS) {
      const res = await get(path);
      expect([path, res.statusCode]).toEqual([path, 404]);
      // The gate answered, before any route (the dashboard, the API) could run.
      expect([path, res.body]).toEqual([path, expect.stringContaining('serves the status page under /status only')]);
    }
    for (const method of ['POST', 'DELETE', 'PUT'] as const) {
      const res = await app.inject({ method, url: '/api/v1/subscriptions', headers: { host: 'status.acme.example', 'content-type': 'application/json' }, payload: '{}' });
      expect([method, res.statusCode]).toEqual([method, 404]);
    }
    // The page's own 404, with our headers: no dashboard frame linking to what is not here.
    const missing = await get('/');
    expect(missing.body).toContain('<a href="/status">Acme status</a>');
    expect(missing.body).not.toContain('href="/incidents"');
    expect(missing.headers['content-security-policy']).toContain("script-src 'self'");
    // An error under /status (an unknown code) is the page's own too, JSON under /status/api.
    const unknown = await get('/status/incidents/aaaaaaaaaaaa');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<link rel="stylesheet" href="/status/static/status.css" />');
    expect(unknown.body).not.toContain('href="/incidents"');
    const unknownJson = await get('/status/api/v2/incidents/zzzzzzzzzzzz.json');
    expect([unknownJson.statusCode, unknownJson.headers['content-type']]).toEqual([404, 'application/json; charset=utf-8']);
    expect(unknownJson.json()).toMatchObject({ error: { code: 'not_found' } });
    // The API's JSON callers get JSON errors there too.
    const json = await app.inject({ url: '/api/v1/providers', headers: { host: 'status.acme.example', accept: 'application/json' } });
    expect(json.json()).toMatchObject({ error: { code: 'not_found' } });
    // The page's own name and loopback are answered; a name it was not given is not (rebinding).
    expect((await get('/status', '127.0.0.1:8080')).statusCode).toBe(200);
    expect((await get('/status', 'attacker.example')).statusCode).toBe(421);
    // Public reads keep CORS on this listener as on the main one.
    const cors = await app.inject({ url: '/status/api/v2/summary.json', headers: { host: 'status.acme.example', origin: 'https://elsewhere.example' } });
    expect(cors.headers['access-control-allow-origin']).toBe('*');
    await app.close();
    await store.close();
  });
}); // prettier-ignore

describe('statuswatch serve with page.listen', () => {
  it('starts a second listener that serves /status alone, the loopback one keeping everything', async () => {
    const dir = testTempDir('sw-public-listener-');
    const config = join(dir, 'statuswatch.yaml');
    writeFileSync(config, `page:\n  slug: acme\n  name: Acme\n  url: ${PAGE_URL}\n  timeZone: America/Los_Angeles\n  components:\n    - { id: api, name: API, group: Core }\n  listen: { host: 127.0.0.1, port: 0 }\n`);
    const lines: string[] = [];
    const code = await main(['page', 'incident', 'open', '--title', 'Elevated API errors', '--message', 'Investigating.', '--impact', 'major', '--component', 'api=major_outage', '--config', config, '--data-dir', dir], (l) => lines.push(l));
    expect([code, lines]).toEqual([0, lines]);
    const incident = /^([a-z0-9]{12}) /.exec(lines.join('\n'))?.[1] ?? '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--no-poll', '--port', '0', '--config', config, '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const { main: loopback, status } = await addresses(child);
      for (const path of [...STATUS_PATHS, `/status/incidents/${incident}`]) {
        expect([path, (await fetch(status + path)).status]).toEqual([path, 200]);
      }
      for (const path of OUTSIDE_PATHS) expect([path, (await fetch(status + path)).status]).toEqual([path, 404]);
      expect(await (await fetch(`${status}/status`)).text()).toContain('Elevated API errors');
      // The loopback listener still has the dashboard, the API and the page.
      for (const path of ['/', '/api/v1/providers', '/healthz', '/status']) {
        expect([path, (await fetch(loopback + path)).status]).toEqual([path, 200]);
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  }, 90_000);
}); // prettier-ignore

// --- internal ---

/** Both addresses serve prints: "statuswatch serving …" and "status page serving …". */
function addresses(child: ChildProcess): Promise<{ main: string; status: string }> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no addresses in time: ${output}`));
    }, 60_000); // a cold tsx start on 2 busy cores
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const loopback = /statuswatch serving (http:\/\/\S+)/.exec(output)?.[1];
      const status = /status page serving (http:\/\/\S+)/.exec(output)?.[1];
      if (loopback !== undefined && status !== undefined) {
        clearTimeout(timer);
        resolve({ main: loopback, status });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  });
}
