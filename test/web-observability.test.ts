import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { prettyLine } from '../src/observability/_pretty-line.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer, type WebOptions } from '../src/web/server.ts';

const TOKEN = 'a-long-enough-secret-token';
const open: { store: Store; app: FastifyInstance }[] = [];

/** A store whose provider list fails: every page that lists providers answers 500. */
function failingProviders(inner: Store): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'listProviders') return () => Promise.reject(new Error('disk on fire'));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

async function server(extra: Partial<WebOptions>, wrap = (s: Store) => s) {
  const store = await openSqliteStore(':memory:');
  const app = createWebServer({ store: wrap(store), ...extra });
  open.push({ store, app });
  return app;
}

afterEach(async () => {
  for (const { app, store } of open.splice(0)) {
    await app.close();
    await store.close();
  }
});

function collectingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    pretty: false,
    destination: {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  return { log, lines };
}

describe('logs', () => {
  it('logs every 5xx as JSON with the request id the error page shows', async () => {
    const { log, lines } = collectingLogger();
    const app = await server({ log }, failingProviders);
    const page = await app.inject({ url: '/healthz' });
    expect(page.statusCode).toBe(500);
    const requestId = page.headers['x-request-id'];
    expect(typeof requestId).toBe('string');
    expect(page.body).toContain(`<code>${String(requestId)}</code>`);
    const api = await app.inject({ url: '/api/v1/providers' });
    expect(api.statusCode).toBe(500);
    const errors = lines.filter((l) => l.msg === 'request failed');
    expect(errors.map((l) => l.reqId)).toEqual([
      requestId,
      api.json<{ error: { requestId: string } }>().error.requestId,
    ]);
    expect(errors[0]).toMatchObject({
      level: 50,
      url: '/healthz',
      err: { message: 'disk on fire' },
    });
  });

  it('logs no line for requests that succeed or are the client’s fault', async () => {
    const { log, lines } = collectingLogger();
    const app = await server({ log });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/nowhere' })).statusCode).toBe(404);
    expect(lines).toEqual([]);
  });

  it('prints one readable line per record on a terminal', () => {
    const json = JSON.stringify({
      level: 40,
      time: '2026-11-29T22:00:01.000Z',
      pid: 1,
      msg: 'poll failed',
      provider: 'github',
      err: { kind: 'timeout' },
    });
    expect(prettyLine(json)).toBe('22:00:01 WARN  poll failed provider=github err.kind=timeout\n');
  });
});

describe('/metrics', () => {
  it('exposes polls, detection lag, deliveries, the outbox and event-loop delay', async () => {
    const metrics = createMetrics({ outbox: () => Promise.resolve({ pending: 3, dead: 1 }) });
    metrics.pollFinished('failed', 'timeout');
    metrics.pollFinished('not_modified');
    metrics.incidentDetected(42_000);
    metrics.deliveryAttempted('delivered', 120);
    const app = await server({ metrics });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('statuswatch_polls_total{outcome="failed",error_kind="timeout"} 1');
    expect(res.body).toContain('statuswatch_polls_total{outcome="not_modified",error_kind=""} 1');
    expect(res.body).toContain('statuswatch_detection_lag_seconds_sum 42');
    expect(res.body).toContain('statuswatch_alert_deliveries_total{result="delivered"} 1');
    expect(res.body).toContain('statuswatch_outbox_deliveries{status="pending"} 3');
    expect(res.body).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
  });

  it('is behind the API token when one is set, and closed on a network server without one', async () => {
    const metrics = createMetrics();
    const guarded = await server({
      metrics,
      writeAccess: { token: TOKEN, openWithoutToken: true },
    });
    expect((await guarded.inject({ url: '/metrics' })).statusCode).toBe(401);
    const withToken = await guarded.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.statusCode).toBe(200);
    const exposed = await server({
      metrics,
      writeAccess: { token: null, openWithoutToken: false },
    });
    expect((await exposed.inject({ url: '/metrics' })).statusCode).toBe(403);
  });
});
