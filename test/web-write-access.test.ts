import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import type { WriteAccess } from '../src/web/_write-access.ts';

const TOKEN = 'a-long-enough-secret-token';
const open: { store: Store; app: FastifyInstance }[] = [];

async function server(access: WriteAccess): Promise<FastifyInstance> {
  const store = await openSqliteStore(':memory:');
  const app = createWebServer({
    store,
    alerts: { store, channels: null, publicUrl: 'http://127.0.0.1:3000' },
    writeAccess: access,
  });
  open.push({ store, app });
  return app;
}

afterEach(async () => {
  for (const { app, store } of open.splice(0)) {
    await app.close();
    await store.close();
  }
});

const subscribe = { channel: { kind: 'webhook', url: 'https://hooks.example.com/x' } };

describe('who may change things', () => {
  it('refuses changes without the token, and accepts the Bearer token', async () => {
    const app = await server({ token: TOKEN, openWithoutToken: true });
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscribe,
    });
    expect(without.statusCode).toBe(401);
    expect(without.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscribe,
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscribe,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).not.toBe(401); // reaches the route (403: no channels in this test)
  });

  it('takes the token from the add-a-vendor form field', async () => {
    const app = await server({ token: TOKEN, openWithoutToken: false });
    const form = (extra: string) => ({
      method: 'POST' as const,
      url: '/providers',
      payload: `url=not%20a%20vendor${extra}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect((await app.inject(form(''))).statusCode).toBe(401);
    expect((await app.inject(form(`&api_token=${TOKEN}`))).statusCode).not.toBe(401);
  });

  it('refuses cross-site changes on a loopback server without a token', async () => {
    const app = await server({ token: null, openWithoutToken: true });
    const post = (site: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/subscriptions/1/test',
        // What a browser sends with any POST: the page's origin and how it relates to ours.
        headers: { 'sec-fetch-site': site, origin: 'http://localhost' },
      });
    expect((await post('cross-site')).statusCode).toBe(403);
    expect((await post('same-origin')).statusCode).not.toBe(403);
  });

  it('refuses changes on a network-facing server with no token, but never reads', async () => {
    const app = await server({ token: null, openWithoutToken: false });
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscribe,
    });
    expect(post.statusCode).toBe(403);
    expect(post.json<{ error: { message: string } }>().error.message).toMatch(/apiToken/);
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/subscriptions/1' });
    expect(del.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/subscriptions' })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    const tz = await app.inject({
      method: 'POST',
      url: '/preferences/time-zone',
      payload: 'tz=UTC',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(tz.statusCode).toBeLessThan(400);
  });
});
