// Issue 12, acceptance 4, against real parts: a real SMTP server (smtp-server), a real HTTP
// receiver, the real web server, the real ingest path (own page authoring with the alert
// planner) and the real outbox dispatcher.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDispatcher, type Dispatcher } from '../src/alerts/dispatcher.ts';
import { SIGNATURE_HEADER } from '../src/alerts/index.ts';
import {
  authorNew,
  authorOn,
  openIncident,
  postUpdate,
  resolveIncident,
} from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from './alert-sinks.ts';
import { verifySignature } from './verify-signature.ts';
import {
  PAGE_URL,
  decodedBody,
  form,
  linksIn,
  localPath,
  mailHeader,
  startRig,
  type Rig,
} from './_own-page-subscribers-kit.ts';

let smtp: SmtpSink;
let http: HttpSink;
let store: Store;
let rig: Rig;
let dispatcher: Dispatcher;

beforeAll(async () => {
  [smtp, http] = await Promise.all([startSmtpSink(), startHttpSink()]);
});
afterAll(async () => {
  await Promise.all([smtp.close(), http.close()]);
});
beforeEach(async () => {
  smtp.mails.length = 0;
  http.requests.length = 0;
  store = await openSqliteStore(':memory:');
  rig = await startRig(store, smtp.port);
  dispatcher = startDispatcher({
    store,
    channels: rig.channels,
    publicUrl: 'https://sw.internal.example',
    options: { safetyPollMs: 25, flushMs: 5 },
    onError: (e) => {
      throw e;
    },
  });
});
afterEach(async () => {
  await dispatcher.stop();
  await rig.close();
  await store.close();
});

describe('own page subscribers (acceptance 4)', () => {
  it('email: subscribe → one confirmation mail → confirm → the next update arrives; unsubscribe stops it; unconfirmed and other components get nothing', async () => {
    const ann = await subscribe('ann@example.test', ['api']);
    const bob = await subscribe('bob@example.test', ['api']); // never confirms
    const carol = await subscribe('carol@example.test', ['docs']); // another component
    await rig.subscribers.settled();
    expect(mailsTo('ann@example.test')).toHaveLength(1);
    expect(mailsTo('bob@example.test')).toHaveLength(1);
    expect([ann, bob, carol].every((status) => status === 202)).toBe(true);
    const confirmation = mailsTo('ann@example.test')[0]?.raw ?? '';
    expect(mailHeader(confirmation, 'subject')).toBe(
      'Confirm your subscription to Acme status updates',
    );
    const [confirmLink] = linksIn(confirmation, '/status/subscribe/confirm');
    expect(confirmLink).toBeDefined();

    // The link opens a page with a button (link scanners GET); the button confirms.
    const prompt = await rig.app.inject(localPath(confirmLink ?? ''));
    expect(prompt.statusCode).toBe(200);
    expect(prompt.body).toContain('Updates by email to ann@example.test, for API.');
    expect((await store.alerts.listSubscriptions()).length).toBe(0);
    expect((await confirmPost(confirmLink ?? '')).statusCode).toBe(200);
    expect((await confirmPost(confirmLink ?? '')).statusCode).toBe(404); // used once
    await confirmOne('carol@example.test');

    // An incident on API: ann hears of it; bob (unconfirmed) and carol (Docs) do not.
    const incident = await authorNew(
      rig.writer,
      Date.now(),
      (cs, ctx) =>
      openIncident(cs, { title: 'API errors', impact: 'minor', body: 'We are investigating.', components: { api: 'partial_outage' } }, ctx), // prettier-ignore
    );
    expect((await store.alerts.countDeliveries()).pending).toBe(1);
    await waitFor(() => mailsTo('ann@example.test').length === 2);
    const opened = mailsTo('ann@example.test')[1]?.raw ?? '';
    expect(mailHeader(opened, 'subject')).toBe('Acme: API errors (Investigating)');
    const [unsubscribeLink] = linksIn(opened, '/status/unsubscribe');
    expect(mailHeader(opened, 'list-unsubscribe')).toBe(`<${unsubscribeLink}>`);
    expect(mailHeader(opened, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The public's link is the page's incident report, not the (maybe internal) dashboard.
    expect(decodedBody(opened)).toContain(`Details: ${PAGE_URL}/incidents/${incident.vendorId}`);
    expect(decodedBody(opened)).not.toContain('sw.internal.example');

    // The next update arrives too.
    await authorOn(
      rig.writer,
      Date.now(),
      incident.vendorId,
      (cs, i, ctx) =>
      postUpdate(cs, i, { code: incident.vendorId, status: 'identified', body: 'A bad deploy; rolling back.' }, ctx), // prettier-ignore
    );
    await waitFor(() => mailsTo('ann@example.test').length === 3);
    expect(decodedBody(mailsTo('ann@example.test')[2]?.raw ?? '')).toContain(
      'A bad deploy; rolling back.',
    );
    expect(mailsTo('bob@example.test')).toHaveLength(1);
    expect(mailsTo('carol@example.test')).toHaveLength(1);
    await waitFor(async () => (await store.alerts.countDeliveries()).delivered === 2);

    // Unsubscribing through the link, as a mail client's one-click does (RFC 8058).
    expect((await rig.app.inject(localPath(unsubscribeLink ?? ''))).statusCode).toBe(200);
    const oneClick = await rig.app.inject({
      method: 'POST',
      url: localPath(unsubscribeLink ?? ''),
      ...form({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(oneClick.statusCode).toBe(200);
    await authorOn(rig.writer, Date.now(), incident.vendorId, (cs, i, ctx) =>
      resolveIncident(cs, i, { code: incident.vendorId }, ctx),
    );
    // The resolution is planned for nobody: ann's subscription went with the link (and its
    // delivery log with it, as `alerts remove` does).
    expect(await store.alerts.countDeliveries()).toEqual({ pending: 0, delivered: 0, dead: 0 });
    expect((await store.alerts.listSubscriptions()).map((s) => s.spec.channel)).toMatchObject([
      { kind: 'email', to: ['carol@example.test'] },
    ]);
    expect(mailsTo('ann@example.test')).toHaveLength(3);
  }, 30_000);

  // The envelope's shape is Atlassian's documented one (webhook-payload.ts says which fields are
  // ours): no captured webhook body exists to check it against, so this checks the fields we send.
  it("webhook: the subscriber receives Statuspage's envelope, signed as alerts are", async () => {
    const status = await subscribe('dave@example.test', [], `${http.url}/hook`);
    expect(status).toBe(202);
    await rig.subscribers.settled();
    const [link] = linksIn(mailsTo('dave@example.test')[0]?.raw ?? '', '/status/subscribe/confirm');
    const confirmed = await confirmPost(link ?? '');
    expect(confirmed.statusCode).toBe(200);
    const secret = /<code>(whsec_[^<]+)<\/code>/.exec(confirmed.body)?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(16);

    const incident = await authorNew(
      rig.writer,
      Date.now(),
      (cs, ctx) =>
      openIncident(cs, { title: 'Dashboard slow', impact: 'major', body: 'Looking into it.', components: { dashboard: 'degraded_performance' } }, ctx), // prettier-ignore
    );
    const received = await http.waitFor(2, 10_000, (r) => r.path === '/hook');
    for (const r of received) {
      const header = String(r.headers[SIGNATURE_HEADER]);
      expect(verifySignature(header, r.body, secret, Date.now() / 1000)).toBe(true);
      expect(verifySignature(header, r.body, 'whsec_someone_else_0000', Date.now() / 1000)).toBe(
        false,
      );
    }
    const bodies = received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    const incidentBody = bodies.find((b) => 'incident' in b);
    const componentBody = bodies.find((b) => 'component_update' in b);
    const unsubscribe = (incidentBody?.meta as { unsubscribe?: string } | undefined)?.unsubscribe;
    expect(unsubscribe).toMatch(new RegExp(`^${PAGE_URL}/unsubscribe\\?token=[A-Za-z0-9_-]{43}$`));
    expect(incidentBody).toMatchObject({
      page: { id: 'acme', status_indicator: 'major' },
      incident: {
        id: incident.vendorId,
        name: 'Dashboard slow',
        status: 'investigating',
        impact: 'major',
        incident_updates: [{ status: 'investigating', body: 'Looking into it.' }],
      },
    });
    expect(componentBody).toMatchObject({
      component_update: {
        component_id: 'dashboard',
        old_status: 'operational',
        new_status: 'degraded_performance',
      },
      component: { id: 'dashboard', name: 'Dashboard', status: 'degraded_performance' },
    });
    // Its unsubscribe link works like an email's, even with results still being written (the
    // dispatcher's onError above throws: a refused batch would fail this test).
    const stop = await rig.app.inject({ method: 'POST', url: localPath(unsubscribe ?? '') });
    expect(stop.statusCode).toBe(200);
    expect(await store.alerts.listSubscriptions()).toEqual([]);
  }, 30_000);

  it('answers the same for a known, a confirmed and a new address; refuses unknown components', async () => {
    await subscribe('ann@example.test', []);
    await rig.subscribers.settled();
    await confirmOne('ann@example.test');
    const known = await subscribeJson('ann@example.test', '10.0.0.1');
    const fresh = await subscribeJson('zed@example.test', '10.0.0.2');
    expect(known.statusCode).toBe(202);
    expect(fresh.statusCode).toBe(known.statusCode);
    expect(fresh.body).toBe(known.body);
    const formPage = await rig.app.inject('/status/subscribe');
    expect(formPage.statusCode).toBe(200);
    expect(formPage.body).toContain('<input type="checkbox" name="components" value="docs" />');
    const bad = await rig.app.inject({
      method: 'POST',
      url: '/status/subscribe',
      payload: { email: 'ann@example.test', components: ['billing'] },
    });
    expect(bad.statusCode).toBe(400);
    const refused = bad.json<{ error: { code: string; message: string } }>();
    expect(refused.error.code).toBe('bad_request');
    expect(refused.error.message).toMatch(/billing/);
  });

  it('rate-limits subscribing per address and per client with a clear 429; a limited request stores and sends nothing', async () => {
    // perAddressPerHour defaults to 3, perClientPerHour to 10.
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await subscribeJson('eve@example.test', `10.1.0.${i}`));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 429]);
    const limited = answers[3];
    const refused = limited?.json<{ error: { code: string; message: string } }>();
    expect(refused?.error.code).toBe('rate_limited');
    expect(refused?.error.message).toMatch(/this email address/);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(3_500);
    await rig.subscribers.settled();
    expect(mailsTo('eve@example.test')).toHaveLength(3);

    const fromOne = [];
    for (let i = 0; i < 11; i++)
      fromOne.push(await subscribeJson(`u${i}@example.test`, '10.2.0.1'));
    expect(fromOne.map((a) => a.statusCode)).toEqual([...Array<number>(10).fill(202), 429]);
    expect(fromOne[10]?.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const html = await rig.app.inject({ method: 'POST', url: '/status/subscribe', remoteAddress: '10.2.0.1', ...form({ email: 'v@example.test' }) }); // prettier-ignore
    expect(html.statusCode).toBe(429);
    expect(html.body).toContain('Too many subscribe requests');
    await rig.subscribers.settled();
    expect(mailsTo('u10@example.test')).toEqual([]);
    expect(mailsTo('v@example.test')).toEqual([]);
    expect((await store.alerts.listPageSubscribers('acme')).length).toBe(11);
  });
});

// --- helpers ---

async function subscribe(
  email: string,
  components: string[],
  webhookUrl?: string,
): Promise<number> {
  const fields = {
    email,
    components,
    ...(webhookUrl === undefined ? {} : { webhook_url: webhookUrl }),
  };
  const answer = await rig.app.inject({
    method: 'POST',
    url: '/status/subscribe',
    ...form(fields),
  });
  return answer.statusCode;
}

function subscribeJson(email: string, ip: string) {
  return rig.app.inject({
    method: 'POST',
    url: '/status/subscribe',
    remoteAddress: ip,
    payload: { email },
  });
}

function confirmPost(link: string) {
  return rig.app.inject({ method: 'POST', url: localPath(link) });
}

async function confirmOne(email: string): Promise<void> {
  const mails = mailsTo(email);
  const [link] = linksIn(mails[mails.length - 1]?.raw ?? '', '/status/subscribe/confirm');
  expect((await confirmPost(link ?? '')).statusCode).toBe(200);
}

function mailsTo(address: string) {
  return smtp.mails.filter((m) => m.to.includes(address));
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end)
      throw new Error(
        `not reached; outbox ${JSON.stringify(await store.alerts.countDeliveries())}, mails ${smtp.mails.length}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
