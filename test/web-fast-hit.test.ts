import type { OutgoingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { authorNew, authorOn, openIncident, postUpdate } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createPublicListener } from '../src/web/public-listener.ts';

/**
 * Cache hits answered by the early hook (`_fast-hit.ts`) are the very answers the full path
 * gives: same status, headers (but the request id and date) and bytes, for each encoding,
 * Origin, Cookie, HEAD and If-None-Match; gates still run first; a notice ends the replay.
 * Whether the full path ran is seen by an onSend hook, which a replayed answer never reaches.
 */

const HOST = 'status.acme.example';
const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: `https://${HOST}/status`,
  timeZone: 'Europe/Berlin',
  components: [{ name: 'API' }, { name: 'Dashboard' }],
});
const T0 = Date.parse('2024-02-06T20:00:00Z');

async function setup() {
  const raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  const writer = { store: notices.store, page, deliveries: noDeliveries };
  const opened = await authorNew(writer, T0, (cs, ctx) =>
    openIncident(
      cs,
      {
        title: 'Elevated API errors',
        impact: 'major',
        body: 'Investigating.',
        components: { api: 'major_outage' },
      },
      ctx,
    ),
  );
  const app = createPublicListener({
    store: notices.store,
    onIngest: (listener) => notices.onIngest(listener),
    page: { ...page, listen: { host: '127.0.0.1', port: 0 } },
    apiToken: null,
  });
  let fullPath = 0;
  app.addHook('onSend', async (_request, _reply, payload) => {
    fullPath += 1;
    return payload;
  });
  return { app, writer, code: opened.vendorId, fullPaths: () => fullPath };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function twice(
  s: Setup,
  method: 'GET' | 'HEAD',
  url: string,
  headers: Record<string, string>,
) {
  const ask = () => s.app.inject({ method, url, headers: { host: HOST, ...headers } });
  const before = s.fullPaths();
  const full = await ask();
  const afterFull = s.fullPaths();
  const fast = await ask();
  return { full, fast, fullRan: afterFull > before, fastRan: s.fullPaths() > afterFull };
}

function comparable(headers: OutgoingHttpHeaders) {
  const { date: _date, 'x-request-id': _id, ...rest } = headers;
  return rest;
}

const VARIANTS: Record<string, string>[] = [
  {},
  { 'accept-encoding': 'gzip, deflate, br' },
  { 'accept-encoding': 'gzip' },
  { 'x-no-compression': '1', 'accept-encoding': 'br' },
  { origin: 'https://elsewhere.example' },
  { cookie: 'tz=Asia/Tokyo' },
];

describe('cache hits answered early', () => {
  it('replays the full path exactly, per variant, with its own request id; 304 too', async () => {
    const s = await setup();
    for (const url of ['/status', '/status/api/v2/summary.json', '/status/history.atom']) {
      for (const method of ['GET', 'HEAD'] as const) {
        for (const headers of VARIANTS) {
          const label = `${method} ${url} ${JSON.stringify(headers)}`;
          const { full, fast, fullRan, fastRan } = await twice(s, method, url, headers);
          expect([label, full.statusCode, fullRan, fastRan]).toEqual([label, 200, true, false]);
          expect(comparable(fast.headers)).toEqual(comparable(full.headers));
          expect(fast.rawPayload.equals(full.rawPayload)).toBe(true);
          expect(fast.headers['x-request-id']).toMatch(/^[\w-]{8}$/);
          expect(fast.headers['x-request-id']).not.toBe(full.headers['x-request-id']);
          const etag = String(full.headers.etag);
          const cond = await twice(s, method, url, { ...headers, 'if-none-match': etag });
          expect([label, cond.full.statusCode, cond.fast.statusCode, cond.fastRan]).toEqual([label, 304, 304, false]);
          expect(comparable(cond.fast.headers)).toEqual(comparable(cond.full.headers));
          expect(cond.fast.rawPayload.length).toBe(0);
        }
      }
    }
    // What compression added is there in the replay too.
    const br = await twice(s, 'GET', '/status', { 'accept-encoding': 'br' });
    expect([br.fast.headers['content-encoding'], br.fast.headers.vary]).toEqual(['br', 'Cookie, Accept-Encoding']);
    await s.app.close();
  });

  it('still runs the gates first: another host is 421, a path outside /status 404', async () => {
    const s = await setup();
    const kept = await twice(s, 'GET', '/status/api/v2/summary.json', {});
    expect(kept.fastRan).toBe(false);
    const other = await s.app.inject({ url: '/status/api/v2/summary.json', headers: { host: 'attacker.example' } });
    expect(other.statusCode).toBe(421);
    const outside = await s.app.inject({ url: '/api/v2/summary.json', headers: { host: HOST } });
    expect(outside.statusCode).toBe(404);
    await s.app.close();
  });

  it('ends with the entry: after an ingest notice the full path answers, with the new data', async () => {
    const s = await setup();
    const url = '/status/api/v2/summary.json';
    const first = await twice(s, 'GET', url, {});
    expect(first.fastRan).toBe(false);
    await authorOn(s.writer, T0 + 60_000, s.code, (cs, i, ctx) =>
      postUpdate(cs, i, { code: s.code, status: 'identified', body: 'A failed deploy; rolling back.' }, ctx),
    );
    const after = await twice(s, 'GET', url, {});
    expect(after.fullRan).toBe(true);
    expect(after.fastRan).toBe(false);
    expect(after.full.body).toContain('A failed deploy; rolling back.');
    expect(first.full.body).not.toContain('A failed deploy; rolling back.');
    expect(after.full.headers.etag).not.toBe(first.full.headers.etag);
    // The old ETag is now a 200 with the new bytes, not a 304.
    const stale = await s.app.inject({ url, headers: { host: HOST, 'if-none-match': String(first.full.headers.etag) } });
    expect(stale.statusCode).toBe(200);
    await s.app.close();
  });
}); // prettier-ignore
