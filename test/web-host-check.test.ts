import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createChannels } from '../src/alerts/channels/index.ts';
import { createWebServer, type WebOptions } from '../src/web/server.ts';

const open: { store: Store; app: FastifyInstance }[] = [];

/** The default setup: loopback, no token, alerts on (as `serve` runs it). */
async function server(hosts: WebOptions['hosts'] = { bound: '127.0.0.1' }) {
  const store = await openSqliteStore(':memory:');
  const channels = createChannels({ http: {}, smtp: null });
  const app = createWebServer({
    store,
    alerts: { store, channels, publicUrl: 'http://127.0.0.1:3000' },
    writeAccess: { token: null, openWithoutToken: true },
    hosts,
  });
  open.push({ store, app });
  return { app, store };
}

afterEach(async () => {
  for (const { app, store } of open.splice(0)) {
    await app.close();
    await store.close();
  }
});

const attackerHook = { channel: { kind: 'webhook', url: 'https://collect.attacker.test/hook' } };

describe('DNS rebinding', () => {
  it('refuses a same-origin write whose Host is the attacker name, and changes nothing', async () => {
    const { app, store } = await server();
    // What a rebound page sends: the browser thinks it is talking to rebind.attacker.test.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: attackerHook,
      headers: {
        host: 'rebind.attacker.test:3000',
        origin: 'http://rebind.attacker.test:3000',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(res.statusCode).toBe(421);
    expect(await store.alerts.listSubscriptions()).toEqual([]);
  });

  it('refuses reads for other hosts too (a rebound page could read the API)', async () => {
    const { app } = await server();
    const res = await app.inject({ url: '/api/v1/providers', headers: { host: 'evil.test' } });
    expect(res.statusCode).toBe(421);
    expect(res.json()).toMatchObject({ error: { code: 'misdirected_request' } });
  });

  it('answers loopback names, the bound address, publicUrl and listed hosts', async () => {
    const { app } = await server({
      bound: '192.0.2.10',
      publicUrl: 'https://status.example.com/',
      allowed: ['Status.Internal.'],
    });
    for (const host of [
      'localhost',
      'localhost:3000',
      '127.0.0.1:3000',
      '[::1]:3000',
      '192.0.2.10:3000',
      'status.example.com',
      'status.internal:8080',
    ]) {
      const res = await app.inject({ url: '/healthz', headers: { host } });
      expect(res.statusCode, host).toBe(200);
    }
    const other = await app.inject({ url: '/healthz', headers: { host: '192.0.2.11' } });
    expect(other.statusCode).toBe(421);
  });
});

describe('token-less writes need this very origin', () => {
  const post = (app: FastifyInstance, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: attackerHook, headers });

  it('accepts a same-origin page and a non-browser client', async () => {
    const { app } = await server();
    const page = await post(app, {
      host: '127.0.0.1:3000',
      origin: 'http://127.0.0.1:3000',
      'sec-fetch-site': 'same-origin',
    });
    expect(page.statusCode).toBe(201);
    expect((await post(app, { host: '127.0.0.1:3000' })).statusCode).toBe(201);
  });

  it('refuses another local port, a foreign Origin and a browser request without one', async () => {
    const { app, store } = await server();
    const refused = [
      { host: '127.0.0.1:3000', origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' },
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:5173' },
      { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      { host: 'localhost:3000', origin: 'null' },
    ];
    for (const headers of refused) {
      expect((await post(app, headers)).statusCode, JSON.stringify(headers)).toBe(403);
    }
    expect(await store.alerts.listSubscriptions()).toEqual([]);
  });
});
