import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpSink, type HttpSink } from '../../../test/alert-sinks.ts';
import { createChannels, type Channels } from '../../alerts/index.ts';
import { withDeliveryPlan } from '../../alerts/plan-deliveries.ts';
import { openSqliteStore } from '../../storage/sqlite-store.ts';
import type { Store } from '../../storage/store.ts';
import { T0, makeEvent, makeIngestWrite, makeProvider } from '../../../test/support/builders.ts';
import { registerAlertRoutes } from './alerts-routes.ts';

let app: FastifyInstance;
let readOnly: FastifyInstance;
let store: Store;
let channels: Channels;
let sink: HttpSink;

beforeAll(async () => {
  sink = await startHttpSink();
  store = await openSqliteStore(':memory:');
  channels = createChannels({ http: { allowList: ['127.0.0.1'] } });
  app = Fastify();
  registerAlertRoutes(app, { store, channels, publicUrl: 'https://sw.example', clock: () => T0 });
  readOnly = Fastify();
  registerAlertRoutes(readOnly, { store, channels: null, publicUrl: 'https://sw.example' });
});
afterAll(async () => {
  await Promise.all([app.close(), readOnly.close(), channels.close(), sink.close()]);
  await store.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('alert API', () => {
  it('creates a subscription, returning the secret once, and reads it back without it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: {
        providers: ['acme'],
        minimum_impact: 'minor',
        channel: { kind: 'webhook', url: `${sink.url}/h` },
      },
    });
    expect(created.statusCode).toBe(201);
    const body = json(created.body);
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.subscription).toMatchObject({
      id: 1,
      providers: ['acme'],
      minimum_impact: 'minor',
      channel: {
        kind: 'webhook',
        target: `${sink.url}/h`,
        format: 'statuswatch-v1',
        paused: false,
      },
      created_at: new Date(T0).toISOString(),
    });
    const listed = await app.inject({ url: '/api/v1/subscriptions' });
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(listed.body).not.toContain(String(body.secret));
    expect((json(listed.body).subscriptions as unknown[]).length).toBe(1);
  });

  it('answers bad input and unknown ids with JSON errors', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { channel: { kind: 'email', to: ['x'] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body)).toEqual({
      error: { code: 'bad_request', message: expect.stringMatching(/email/) as unknown },
    });
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { channel: { kind: 'slack', url: 'http://192.168.1.1/x' } },
    });
    expect(blocked.statusCode).toBe(400);
    expect((await app.inject({ url: '/api/v1/subscriptions/99' })).statusCode).toBe(404);
    expect(json((await app.inject({ url: '/api/v1/subscriptions/abc' })).body)).toMatchObject({
      error: { code: 'bad_request' },
    });
    const forbidden = await readOnly.inject({ method: 'DELETE', url: '/api/v1/subscriptions/1' });
    expect(forbidden.statusCode).toBe(403);
  });

  it('replaces a subscription, keeping its secret, and tests it', async () => {
    const before = (await store.alerts.getSubscription(1))?.spec.channel;
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/subscriptions/1',
      payload: { events: ['opened'], channel: { kind: 'webhook', url: `${sink.url}/h2` } },
    });
    expect(put.statusCode).toBe(200);
    const after = (await store.alerts.getSubscription(1))?.spec.channel;
    expect(
      after?.kind === 'webhook' && before?.kind === 'webhook' && after.secret === before.secret,
    ).toBe(true);
    const test = await app.inject({ method: 'POST', url: '/api/v1/subscriptions/1/test' });
    expect(json(test.body)).toEqual({ ok: true, code: 200, detail: 'ok' });
    expect((await sink.waitFor(1, 2_000))[0]?.path).toBe('/h2');
  });

  it('lists deliveries with their latency times and attempt log, newest first', async () => {
    await store.addProvider(makeProvider(), T0);
    const write = makeIngestWrite({
      events: [makeEvent({ occurredAt: T0 - 1_000 }), makeEvent({ incidentVendorId: 'inc-2' })],
    });
    await store.applyIngest(await withDeliveryPlan(store, write, { components: null, now: T0 }));
    const page = json((await app.inject({ url: '/api/v1/deliveries?limit=1' })).body);
    const deliveries = page.deliveries as Record<string, unknown>[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      subscription_id: 1,
      status: 'pending',
      event_kind: 'incident_opened',
      detected_at: new Date(T0).toISOString(),
      handed_at: null,
      log: [],
    });
    const next = json(
      (await app.inject({ url: `/api/v1/deliveries?before=${String(page.next_before)}` })).body,
    );
    expect((next.deliveries as { vendor_posted_at: string }[])[0]?.vendor_posted_at).toBe(
      new Date(T0 - 1_000).toISOString(),
    );
    expect((await app.inject({ url: '/api/v1/deliveries?status=lost' })).statusCode).toBe(400);
  });

  it('publishes the webhook JSON Schema and deletes subscriptions', async () => {
    const schema = json((await app.inject({ url: '/api/v1/alerts/webhook-schema' })).body);
    expect(schema.title).toBe('statuswatch webhook alert, version 1');
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/subscriptions/1' })).statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/subscriptions/1' })).statusCode,
    ).toBe(404);
  });
});
