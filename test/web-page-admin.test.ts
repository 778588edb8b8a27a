import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { withIngestNotices } from '../src/ingest/ingest-notifier.ts';
import { syncOwnPage } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import type { WriteAccess } from '../src/web/_write-access.ts';
import { createWebServer } from '../src/web/server.ts';

/**
 * The own page's admin forms over HTTP (fastify inject): every post goes through
 * runPageAction, so what a form writes is read back from the public JSON, and what it refuses
 * comes back beside its fields. The page is in Los Angeles so a maintenance can cross the
 * spring-forward night of 2026-03-08 (02:00 PST → 03:00 PDT).
 */

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'America/Los_Angeles',
  components: [
    { name: 'API', group: 'Core' },
    { name: 'Dashboard', group: 'Core' },
    { name: 'Docs' },
  ],
});
const T0 = Date.parse('2026-03-01T18:00:00Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:80' };
const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

let open: { app: FastifyInstance; store: Store }[] = [];
afterEach(async () => {
  for (const { app, store } of open) {
    await app.close();
    await store.close();
  }
  open = [];
});

async function setUp(writeAccess?: WriteAccess) {
  const raw = await openSqliteStore(':memory:');
  // As `serve` does: pages cached until a committed write says otherwise.
  const notices = withIngestNotices(raw);
  const store = notices.store;
  // As `serve` does at start: the page's provider and components exist before any form.
  await syncOwnPage({ store, page, deliveries: noDeliveries }, T0);
  const app = createWebServer({ store, onIngest: (l) => notices.onIngest(l), clock: () => T0, ownPage: page, ...(writeAccess === undefined ? {} : { writeAccess }) });
  open.push({ app, store: raw });
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) =>
    app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams(fields).toString() });
  const json = async (url: string) => (await app.inject(url)).json<Record<string, unknown>>();
  return { store, app, post, json };
} // prettier-ignore

/** What the store holds of the page: every incident with its updates, and every event. */
async function everything(store: Store) {
  return {
    incidents: await store.listIncidents({ providerSlug: 'acme', limit: 1000 }),
    events: await store.listEvents(0, 1000),
    provider: await store.getProvider('acme'),
  };
}

function codeOf(location: string | string[] | number | undefined): string {
  const m = /^\/admin\/page\/incidents\/([a-z0-9]{12})$/.exec(String(location));
  if (m?.[1] === undefined) throw new Error(`not an incident view: ${String(location)}`);
  return m[1];
}

/** The report page's (and the preview's) rendering of one update. */
function article(pageHtml: string): string {
  const m = /<article class="own-update">[\s\S]*?<\/article>/.exec(pageHtml);
  if (m === null) throw new Error('no update article');
  return m[0];
}

function postmortemSection(pageHtml: string): string {
  const m = /<section class="own-postmortem"[\s\S]*?<\/section>/.exec(pageHtml);
  if (m === null) throw new Error('no postmortem section');
  return m[0];
}

const OPEN = {
  title: 'Elevated API errors',
  status: 'identified',
  impact: 'major',
  body: 'Requests to <api> fail for 5% of **customers**.\n\nSee https://acme.example/x & retry.',
  'component.api': 'major_outage',
  'component.docs': '',
  intent: 'save',
};

describe('the own page admin forms', () => {
  it('shows the components, each with a status select, and links to the forms', async () => {
    const { app } = await setUp();
    const res = await app.inject('/admin/page');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<label for="component-api-status">Status of Core › API</label>');
    expect(res.body).toMatch(/<select id="component-docs-status" name="status"\s*>/);
    expect(res.body).toContain('href="/admin/page/incidents/new"');
  });

  it('opens an incident from the form: 303 to its view, then on /status/api/v2/incidents.json', async () => {
    const { app, post, json } = await setUp();
    // Cached before the write: the write's ingest notice must let the new incident through.
    expect((await json('/status/api/v2/incidents.json')).incidents).toEqual([]);
    const res = await post('/admin/page/incidents', OPEN);
    expect(res.statusCode).toBe(303);
    const code = codeOf(res.headers.location);
    const listed = (await json('/status/api/v2/incidents.json')).incidents as Record<string, unknown>[];
    expect(listed).toMatchObject([{ id: code, name: 'Elevated API errors', status: 'identified', impact: 'major', components: [{ id: 'api', status: 'major_outage' }] }]);
    const view = await app.inject(`/admin/page/incidents/${code}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('<h1>Elevated API errors</h1>');
  }); // prettier-ignore

  it('refuses bad input with 400, each schema message beside its field, values kept', async () => {
    const { store, post } = await setUp();
    const before = await everything(store);
    const res = await post('/admin/page/incidents', { ...OPEN, title: '  ', impact: 'apocalyptic', 'component.api': 'on_fire' });
    expect(res.statusCode).toBe(400);
    // The title's message is actions.ts's own; the field points at it.
    expect(res.body).toMatch(/<input id="open-title" name="title" type="text" value=" {2}"\s+required aria-invalid="true" aria-describedby="open-title-error"/);
    expect(res.body).toContain('<p id="open-title-error" class="form-error">a title is required</p>');
    expect(res.body).toMatch(/aria-invalid="true" aria-describedby="open-impact-error"/);
    expect(res.body).toMatch(/<p id="open-component-api-error" class="form-error">Invalid option/);
    // What was typed comes back, escaped.
    expect(res.body).toContain('Requests to &lt;api&gt; fail for 5% of **customers**.');
    expect(await everything(store)).toEqual(before);
  }); // prettier-ignore

  it('previews a message exactly as the report page shows it, writing nothing', async () => {
    const { app, store, post } = await setUp();
    const before = await everything(store);
    const preview = await post('/admin/page/incidents', { ...OPEN, intent: 'preview' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Preview: as the report page will show it');
    expect(await everything(store)).toEqual(before);
    // The same body, opened for real at the same clock: its report shows the same fragment.
    const opened = await post('/admin/page/incidents', OPEN);
    const report = await app.inject(`/status/incidents/${codeOf(opened.headers.location)}`);
    expect(report.statusCode).toBe(200);
    expect(article(preview.body)).toBe(article(report.body));
    expect(article(report.body)).toContain('<h2>Identified</h2>');
    expect(article(report.body)).toContain('Requests to &lt;api&gt;');
  });

  it('posts an update, resolves, drafts a postmortem (not public) and publishes it', async () => {
    const { app, store, post, json } = await setUp();
    const code = codeOf((await post('/admin/page/incidents', OPEN)).headers.location);
    const base = `/admin/page/incidents/${code}`;
    expect((await post(`${base}/update`, { status: 'monitoring', body: 'A fix is out.', impact: '', 'component.api': 'degraded_performance' })).statusCode).toBe(303);
    expect((await post(`${base}/resolve`, { body: '' })).statusCode).toBe(303);
    const resolved = (await json(`/status/api/v2/incidents/${code}.json`)).incident as Record<string, unknown>;
    expect(resolved).toMatchObject({ status: 'resolved', impact: 'major' });
    expect((resolved.incident_updates as { body: string }[])[0]?.body).toBe('This incident has been resolved.');
    expect(await json('/status/api/v2/components.json')).toMatchObject({ components: expect.arrayContaining([expect.objectContaining({ id: 'api', status: 'operational' })]) as unknown });
    const draftPreview = await post(`${base}/postmortem`, { body: 'A config push went wrong.', intent: 'preview' });
    expect(await store.getPostmortemDraft({ providerSlug: 'acme', vendorId: code })).toBeNull();
    expect((await post(`${base}/postmortem`, { body: 'A config push went wrong.' })).statusCode).toBe(303);
    expect(JSON.stringify(await json(`/status/api/v2/incidents/${code}.json`))).not.toContain('config push');
    expect((await app.inject(base)).body).toContain('Drafted postmortem (not public)');
    expect((await app.inject('/admin/page')).body).toMatch(/Drafted postmortems<\/h2>\s*<ul class="admin-incidents">\s*<li>\s*<a href="\/admin\/page\/incidents\//);
    expect((await post(`${base}/publish`, {})).statusCode).toBe(303);
    const published = (await json(`/status/api/v2/incidents/${code}.json`)).incident as Record<string, unknown>;
    expect(published.status).toBe('postmortem');
    expect((published.incident_updates as { status: string; body: string }[])[0]).toMatchObject({ status: 'postmortem', body: 'A config push went wrong.' });
    // The draft's preview was the very section the published report shows.
    expect(postmortemSection(draftPreview.body)).toBe(postmortemSection((await app.inject(`/status/incidents/${code}`)).body));
    // Publishing twice is the action's conflict, said above the form: 409, not a 500.
    const again = await post(`${base}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/class="form-error" role="alert">[^<]*already published/);
  }); // prettier-ignore

  it('sets a component status from the overview', async () => {
    const { post, json } = await setUp();
    expect((await post('/admin/page/components', { id: 'docs', status: 'partial_outage' })).headers.location).toBe('/admin/page');
    expect(await json('/status/api/v2/components.json')).toMatchObject({ components: expect.arrayContaining([expect.objectContaining({ id: 'docs', status: 'partial_outage' })]) as unknown });
    const bad = await post('/admin/page/components', { id: 'docs', status: 'sideways' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/aria-invalid="true" aria-describedby="component-docs-status-error"/);
  }); // prettier-ignore

  it('refuses posts from another origin, with or without Sec-Fetch-Site, and writes nothing', async () => {
    const { store, post } = await setUp();
    const before = await everything(store);
    for (const headers of [{ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, { origin: 'http://localhost:8081' }]) {
      const res = await post('/admin/page/incidents', OPEN, headers);
      expect(res.statusCode).toBe(403);
    }
    expect(await everything(store)).toEqual(before);
  }); // prettier-ignore

  it('keeps the pages from the network: 403 without a token off loopback, 401 without the token', async () => {
    const network = await setUp({ token: null, openWithoutToken: false });
    expect((await network.app.inject('/admin/page')).statusCode).toBe(403);
    const withToken = await setUp({ token: 's3cret-token', openWithoutToken: false });
    expect((await withToken.app.inject('/admin/page')).statusCode).toBe(401);
    const ok = await withToken.app.inject({ url: '/admin/page', headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.statusCode).toBe(200);
    // With the token, a post from another site is refused all the same.
    const res = await withToken.post('/admin/page/incidents', OPEN, { authorization: 'Bearer s3cret-token', origin: 'http://evil.example' });
    expect(res.statusCode).toBe(403);
  }); // prettier-ignore

  it('lets a browser in with the token as a Basic password, and only from our own pages', async () => {
    const { app, store, post } = await setUp({ token: 's3cret-token', openWithoutToken: false });
    const asked = await app.inject('/admin/page');
    expect(asked.headers['www-authenticate']).toMatch(/^Basic realm="statuswatch admin"/);
    const basic = (password: string) => `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;
    expect((await app.inject({ url: '/admin/page', headers: { authorization: basic('wrong') } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/page', headers: { authorization: basic('s3cret-token') } })).statusCode).toBe(200);
    const before = await everything(store);
    // The browser attaches Basic credentials to another site's form too: refused, nothing written.
    for (const path of ['/admin/page/incidents', '/providers']) {
      const res = await post(path, OPEN, { authorization: basic('s3cret-token'), origin: 'http://evil.example' });
      expect([path, res.statusCode]).toEqual([path, 403]);
    }
    expect(await everything(store)).toEqual(before);
    const own = await post('/admin/page/incidents', OPEN, { authorization: basic('s3cret-token') });
    expect(own.statusCode).toBe(303);
  }); // prettier-ignore

  it('reads a maintenance window in the page zone across the spring-forward night', async () => {
    const { app, store, post, json } = await setUp();
    const res = await post('/admin/page/maintenances', {
      title: 'Database upgrade', body: 'Planned work.', from: '2026-03-07T22:00', until: '2026-03-08T04:00', 'component.api': 'on',
    }); // prettier-ignore
    expect(res.statusCode).toBe(303);
    const stored = await store.getIncident('acme', codeOf(res.headers.location));
    // 22:00 PST is 06:00Z; 04:00 the next morning is PDT (-07:00): 11:00Z, five hours later.
    expect(stored?.scheduledFor).toBe(Date.parse('2026-03-08T06:00:00Z'));
    expect(stored?.scheduledUntil).toBe(Date.parse('2026-03-08T11:00:00Z'));
    const listed = (await json('/status/api/v2/scheduled-maintenances.json'))
      .scheduled_maintenances;
    expect(listed).toMatchObject([{ scheduled_for: '2026-03-07T22:00:00.000-08:00', scheduled_until: '2026-03-08T04:00:00.000-07:00', components: [{ id: 'api' }] }]); // prettier-ignore
    // Started, then completed, from its view: the component follows.
    const base = String(res.headers.location);
    expect((await app.inject(base)).body).toMatch(/Scheduled from <time[^>]*>Mar 7, 2026 - 22:00 PST<\/time> until <time[^>]*>Mar 8, 2026 - 04:00 PDT<\/time>/); // prettier-ignore
    expect((await post(`${base}/start`, { body: '' })).statusCode).toBe(303);
    expect(await json('/status/api/v2/components.json')).toMatchObject({ components: expect.arrayContaining([expect.objectContaining({ id: 'api', status: 'under_maintenance' })]) as unknown }); // prettier-ignore
    expect((await post(`${base}/complete`, { body: 'All done.' })).statusCode).toBe(303);
    const done = (await json(`/status/api/v2/incidents/${codeOf(base)}.json`)).incident as Record<string, unknown>; // prettier-ignore
    expect(done).toMatchObject({ status: 'completed', incident_updates: [{ status: 'completed', body: 'All done.' }, { status: 'in_progress' }, { status: 'scheduled' }] }); // prettier-ignore
    expect(await json('/status/api/v2/components.json')).toMatchObject({ components: expect.arrayContaining([expect.objectContaining({ id: 'api', status: 'operational' })]) as unknown }); // prettier-ignore
  });

  it('refuses a maintenance that ends before it starts, beside "Until", times kept', async () => {
    const { post } = await setUp();
    const res = await post('/admin/page/maintenances', { title: 'T', body: 'B', from: '2026-03-08T04:00', until: '2026-03-08T01:00' }); // prettier-ignore
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<p id="schedule-until-error" class="form-error">the maintenance must end after it starts</p>'); // prettier-ignore
    expect(res.body).toContain('value="2026-03-08T01:00"');
  });
});
