import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { createWebServer } from '../src/web/server.ts';
import { CACHE_CONTROL } from '../src/web/_hooks.ts';
import { GITHUB_INCIDENT, SEED_NOW, seedStore } from './browser/_seed.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seedStore(store);
  app = createWebServer({ store, clock: () => SEED_NOW });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

/** One URL per public GET route, with the content type it must answer with. */
const PUBLIC_GETS: [string, RegExp][] = [
  ['/', /text\/html/],
  ['/providers/github', /text\/html/],
  [`/providers/github/incidents/${GITHUB_INCIDENT}`, /text\/html/],
  ['/incidents?kind=incident&impact=major', /text\/html/],
  ['/search?q=outage', /text\/html/],
  ['/feed.atom', /application\/atom\+xml/],
  ['/feed.rss', /application\/rss\+xml/],
  ['/providers/github/feed.atom', /application\/atom\+xml/],
  ['/static/app.css', /text\/css/],
  ['/static/app.js', /text\/javascript/],
  ['/static/favicon.svg', /image\/svg\+xml/],
  ['/api/v1/providers', /application\/json/],
  ['/api/v1/providers/github', /application\/json/],
  ['/api/v1/providers/github/components', /application\/json/],
  ['/api/v1/incidents?limit=3', /application\/json/],
  [`/api/v1/providers/github/incidents/${GITHUB_INCIDENT}`, /application\/json/],
  ['/api/v1/events?after=0&limit=5', /application\/json/],
  ['/api/v1/search?q=outage', /application\/json/],
  ['/api/v1/source-health', /application\/json/],
  ['/api/openapi.json', /application\/json/],
  ['/api/docs', /text\/html/],
  ['/api/v2/summary.json', /application\/json/],
  ['/api/v2/status.json', /application\/json/],
  ['/api/v2/components.json', /application\/json/],
  ['/api/v2/incidents.json', /application\/json/],
  ['/api/v2/incidents/unresolved.json', /application\/json/],
  [`/api/v2/incidents/github~${GITHUB_INCIDENT}.json`, /application\/json/],
  ['/api/v2/scheduled-maintenances.json', /application\/json/],
  ['/api/v2/scheduled-maintenances/upcoming.json', /application\/json/],
  ['/api/v2/scheduled-maintenances/active.json', /application\/json/],
  ['/healthz', /application\/json/],
];

describe('every public GET', () => {
  it.each(PUBLIC_GETS)(
    '%s has an ETag, answers If-None-Match with 304, and a strict CSP',
    async (url, type) => {
      const first = await app.inject(url);
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toMatch(type);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['content-security-policy']).toContain("script-src 'self'");
      if (url !== '/healthz' && !url.startsWith('/static/')) {
        expect(first.headers['cache-control']).toBe(CACHE_CONTROL);
      }
      const again = await app.inject({
        url,
        headers: { 'if-none-match': `W/"other", ${String(etag)}` },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const changed = await app.inject({ url, headers: { 'if-none-match': '"stale"' } });
      expect(changed.statusCode).toBe(200);
    },
  );
});

describe('bad input is a 4xx with a message, never a 500', () => {
  it.each([
    ['/providers/nope', 404, 'html'],
    ['/providers/github/incidents/nope', 404, 'html'],
    ['/no/such/page', 404, 'html'],
    ['/providers/nope/feed.atom', 404, 'html'],
    ['/api/v1/providers/nope', 404, 'json'],
    ['/api/v1/providers/github/incidents/nope', 404, 'json'],
    ['/api/v1/nothing', 404, 'json'],
    ['/api/v2/incidents/no-tilde.json', 404, 'json'],
    ['/api/v2/incidents/github~nope.json', 404, 'json'],
    ['/incidents?impact=catastrophic', 400, 'form'],
    ['/incidents?since=yesterday', 400, 'form'],
    ['/incidents?since=2024-02-30', 400, 'form'],
    ['/incidents?since=2024-03-01&until=2024-02-01', 400, 'form'],
    ['/incidents?page=0', 400, 'form'],
    ['/providers/github?page=abc', 400, 'html'],
    ['/?tz=Mars/Olympus_Mons', 400, 'html'],
    ['/?tz=%3Cscript%3E', 400, 'html'],
    [`/search?q=${'a'.repeat(201)}`, 400, 'form'],
    ['/incidents?tz=Mars/Olympus_Mons', 400, 'form'],
    [`/api/v1/search?q=${'a'.repeat(201)}`, 400, 'json'],
    ['/api/v1/search', 400, 'json'],
    ['/api/v1/search?q=a&q=b', 400, 'json'],
    ['/api/v1/incidents?limit=100000', 400, 'json'],
    ['/api/v1/incidents?offset=-1', 400, 'json'],
    ['/api/v1/events?after=x', 400, 'json'],
    ['/api/v1/incidents?status=done', 400, 'json'],
  ])('%s → %i (%s)', async (url, status, kind) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    if (kind === 'json') {
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe(status === 404 ? 'not_found' : 'bad_request');
      expect(body.error.message.length).toBeGreaterThan(5);
    } else if (kind === 'form') {
      // Forgiving input: the form comes back with what was typed and a message in plain words.
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const message = /<p class="form-error" role="alert"[^>]*>([^<]+)<\/p>/.exec(res.body)?.[1];
      expect(message).toMatch(/^(“|The )/);
      expect(message).not.toMatch(/expected|Too small|>=/);
      const typed = new URL(url, 'http://x').searchParams;
      for (const [key, value] of typed) {
        // Typed fields keep the text; a select cannot show a value it does not offer.
        if (['since', 'until', 'q'].includes(key)) expect(res.body).toContain(`value="${value}"`);
      }
    } else {
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain(status === 404 ? '<h1>Not found</h1>' : '<h1>Bad request</h1>');
      // The message is escaped into the page, never echoed raw.
      expect(res.body).not.toContain('<script>');
    }
  });

  it('rejects malformed form posts and bodies with a 4xx', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const tz = await app.inject({
      method: 'POST',
      url: '/preferences/time-zone',
      headers: form,
      payload: 'tz=Nowhere/Land',
    });
    expect(tz.statusCode).toBe(400);
    const json = await app.inject({
      method: 'POST',
      url: '/preferences/time-zone',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(json.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: '/preferences/time-zone',
      headers: form,
      payload: `tz=${'x'.repeat(100_000)}`,
    });
    expect(huge.statusCode).toBe(413);
    const weird = await app.inject({
      method: 'POST',
      url: '/preferences/time-zone',
      headers: { 'content-type': 'text/x-nope' },
      payload: 'x',
    });
    expect(weird.statusCode).toBe(415);
  });
});

describe('time zone', () => {
  it('defaults to UTC, labelled, and follows ?tz= then the cookie', async () => {
    const url = `/providers/github/incidents/${GITHUB_INCIDENT}`;
    expect((await app.inject(url)).body).toContain('2023-06-29 17:52 UTC');
    expect((await app.inject(`${url}?tz=America/New_York`)).body).toContain('2023-06-29 13:52 EDT');
    const cookie = await app.inject({ url, headers: { cookie: 'a=b; tz=Asia%2FTokyo' } });
    expect(cookie.body).toContain('2023-06-30 02:52 GMT+9');
    // A page over 1 KB may be compressed: one copy per cookie and per encoding.
    expect(cookie.headers.vary).toBe('Cookie, Accept-Encoding');
    // A cookie left over from an old zone name does not lock the reader out.
    expect((await app.inject({ url, headers: { cookie: 'tz=Bad/Zone' } })).statusCode).toBe(200);
  });

  it('remembers the zone in a cookie and goes back without open redirects', async () => {
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/preferences/time-zone',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const ok = await post('tz=Europe%2FBerlin&back=%2Fincidents%3Fkind%3Dincident%26tz%3DUTC');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/incidents?kind=incident');
    expect(ok.headers['set-cookie']).toMatch(
      /^tz=Europe%2FBerlin; Path=\/; Max-Age=\d+; SameSite=Lax$/,
    );
    for (const back of [
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      '/.//evil.test',
      '/a/..//evil.test',
    ]) {
      expect((await post(`tz=UTC&back=${encodeURIComponent(back)}`)).headers.location).toBe('/');
    }
  });
});

describe('pages without JavaScript', () => {
  it('send no inline script and escape vendor text', async () => {
    const res = await app.inject('/providers/hostile/incidents/hostile00001');
    const scripts = res.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script src="/static/app.js" defer>']);
    expect(res.body).toContain('Payment API errors &lt;script&gt;');
    expect(res.body).not.toMatch(/\son\w+=/i);
    expect(res.body).not.toMatch(/href="javascript:/i);
  });
});

describe('vendor data anomalies', () => {
  it('are a quiet note, never a negative or empty duration', async () => {
    const state = await store.loadProviderState('hostile', []);
    const [base] = await store.listIncidents({ providerSlug: 'hostile', limit: 1 });
    if (base === undefined) throw new Error('seed has no hostile incident');
    const start = SEED_NOW - 60 * 60_000;
    const backwards = {
      ...base,
      vendorId: 'backwards',
      title: 'Resolved before it started',
      status: 'resolved' as const,
      startedAt: start,
      resolvedAt: start - 15 * 60_000,
      updates: [],
    };
    await store.applyIngest({
      providerSlug: 'hostile',
      components: null,
      incidents: [backwards],
      events: [],
      status: state.status,
      source: state.source,
      imported: true,
    });
    const res = await app.inject('/providers/hostile/incidents/backwards');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<aside class="note" aria-label="About the vendor\'s data">');
    expect(res.body).toContain('The vendor says it was resolved before it started');
    expect(res.body).toMatch(/<dt>Duration<\/dt>\s*<dd>\s*<span class="quiet">unknown/);
    expect(res.body).not.toMatch(/-\d+m\b/);
    const json = await app.inject('/api/v1/providers/hostile/incidents/backwards');
    expect(json.json()).toMatchObject({
      incident: { duration_minutes: null, duration_anomaly: 'resolved_before_started' },
    });
  });
});
