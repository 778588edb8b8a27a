/**
 * The own page's token API (`/api/v1/page/…`) over real HTTP: a whole incident and a
 * maintenance authored through it, each refusal with its status and words, and the same words
 * the CLI's door (runPageAction) gives for the same bad input.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageConfigSchema } from '../src/config/index.ts';
import { StatuswatchError } from '../src/domain/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { postUpdateSchema, runPageAction } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { openApiDocument } from '../src/web/api/openapi.ts';
import { createWebServer } from '../src/web/server.ts';

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'America/Los_Angeles',
  components: [{ name: 'API', group: 'Core' }, { name: 'Dashboard', group: 'Core' }, { name: 'Docs' }],
}); // prettier-ignore
const TOKEN = 'page-api-test-token-0123456789';
const T0 = Date.parse('2024-01-22T23:37:00Z');
const MINUTE = 60_000;

let store: Store;
let now = T0;
const servers: FastifyInstance[] = [];
let base: string;
let noTokenBase: string;
let noPageBase: string;

async function listen(options: Parameters<typeof createWebServer>[0]): Promise<string> {
  const app = createWebServer(options);
  servers.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  const clock = () => now;
  const writeAccess = { token: TOKEN, openWithoutToken: false };
  base = await listen({ store, clock, ownPage: page, writeAccess });
  // Loopback without a token: other changes are open here, page authoring is not.
  noTokenBase = await listen({
    store,
    clock,
    ownPage: page,
    writeAccess: { token: null, openWithoutToken: true },
  });
  noPageBase = await listen({ store, clock, writeAccess });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await store.close();
});

type Json = Record<string, unknown>;
interface Sent {
  status: number;
  json: Json;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  { at = base, token = TOKEN }: { at?: string; token?: string | null } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${at}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Json, headers: res.headers }; // prettier-ignore
}

const errorOf = (sent: Sent) => sent.json.error as { code: string; message: string };
const incidentOf = (sent: Sent) => sent.json.incident as Json & { updates: Json[] };
const publicJson = async (path: string) => (await fetch(`${base}${path}`)).json() as Promise<Json>;

describe('the own page token API', () => {
  it('authors an incident end to end at the server clock, drafts hidden until published', async () => {
    const opened = await call('POST', '/api/v1/page/incidents', {
      title: 'Uploads failing',
      impact: 'minor',
      body: 'Investigating.',
      components: { api: 'partial_outage' },
    });
    expect(opened.status).toBe(201);
    const code = String(incidentOf(opened).id);
    expect(code).toMatch(/^[a-z0-9]{12}$/);
    expect(incidentOf(opened)).toMatchObject({ provider: 'acme', status: 'investigating', impact: 'minor', started_at: new Date(T0).toISOString() }); // prettier-ignore
    expect(opened.headers.get('location')).toBe(`/api/v1/providers/acme/incidents/${code}`);
    // Private: no CORS, never cached.
    expect(opened.headers.get('access-control-allow-origin')).toBeNull();
    expect(opened.headers.get('cache-control')).toBe('no-store');

    now = T0 + 10 * MINUTE;
    const updated = await call('POST', `/api/v1/page/incidents/${code}/updates`, {
      status: 'identified',
      body: 'Found it.',
      components: { api: 'major_outage', docs: 'degraded_performance' },
    });
    expect(updated.status).toBe(201);
    expect(incidentOf(updated).updates.at(-1)).toMatchObject({ status: 'identified', created_at: new Date(now).toISOString() }); // prettier-ignore
    const components = (await publicJson('/status/api/v2/components.json')).components as Json[];
    expect(components.find((c) => c.id === 'api')?.status).toBe('major_outage');

    now = T0 + 20 * MINUTE;
    const resolved = await call('POST', `/api/v1/page/incidents/${code}/resolve`, {});
    expect([resolved.status, incidentOf(resolved).status]).toEqual([200, 'resolved']);
    const after = (await publicJson('/status/api/v2/components.json')).components as Json[];
    expect(after.filter((c) => c.status !== 'operational')).toEqual([]);

    now = T0 + 2 * 86_400_000;
    const drafted = await call('PUT', `/api/v1/page/incidents/${code}/postmortem`, { body: 'What happened, and what we change.' }); // prettier-ignore
    expect(drafted.status).toBe(200);
    expect(drafted.json.draft).toMatchObject({ code, body_text: 'What happened, and what we change.', drafted_at: new Date(now).toISOString() }); // prettier-ignore
    const read = await call('GET', `/api/v1/page/incidents/${code}/postmortem-draft`);
    expect(read.json).toEqual(drafted.json);
    // The draft is behind the token, and no public read shows it.
    expect((await call('GET', `/api/v1/page/incidents/${code}/postmortem-draft`, undefined, { token: null })).status).toBe(401); // prettier-ignore
    expect(JSON.stringify(await publicJson(`/status/api/v2/incidents/${code}.json`))).not.toContain('What happened'); // prettier-ignore

    const published = await call('POST', `/api/v1/page/incidents/${code}/postmortem/publish`);
    expect(published.status).toBe(200);
    expect(incidentOf(published)).toMatchObject({ status: 'postmortem', postmortem: { body_text: 'What happened, and what we change.' } }); // prettier-ignore
    const report = (await publicJson(`/status/api/v2/incidents/${code}.json`)).incident as Json;
    expect((report.incident_updates as Json[])[0]).toMatchObject({ status: 'postmortem', display_at: null }); // prettier-ignore
    expect((await call('GET', `/api/v1/page/incidents/${code}/postmortem-draft`)).status).toBe(404);

    // 409: the incident's state refuses the step.
    const late = await call('POST', `/api/v1/page/incidents/${code}/updates`, { status: 'monitoring', body: 'More.' }); // prettier-ignore
    expect([late.status, errorOf(late).code]).toEqual([409, 'conflict']);
    expect(errorOf(late).message).toContain('published postmortem');
  });

  it('schedules, starts and completes a maintenance', async () => {
    now = T0;
    const scheduled = await call('POST', '/api/v1/page/maintenances', {
      title: 'Database upgrade',
      body: 'Planned work.',
      scheduledFor: T0 + 60 * MINUTE,
      scheduledUntil: T0 + 120 * MINUTE,
      components: ['dashboard'],
    });
    expect([scheduled.status, incidentOf(scheduled).kind, incidentOf(scheduled).status]).toEqual([201, 'maintenance', 'scheduled']); // prettier-ignore
    const code = String(incidentOf(scheduled).id);
    now = T0 + 60 * MINUTE;
    const started = await call('POST', `/api/v1/page/maintenances/${code}/start`);
    expect(incidentOf(started).status).toBe('in_progress');
    const active = (await publicJson('/status/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances as Json[]; // prettier-ignore
    expect(active.map((m) => m.id)).toEqual([code]);
    now = T0 + 120 * MINUTE;
    const done = await call('POST', `/api/v1/page/maintenances/${code}/complete`, {
      body: 'Done.',
    });
    expect([done.status, incidentOf(done).status]).toEqual([200, 'completed']);
    expect((await call('POST', `/api/v1/page/maintenances/${code}/complete`)).status).toBe(409);
  });

  it('sets a component, and answers 404 for a component the page does not list', async () => {
    const set = await call('PATCH', '/api/v1/page/components/docs', { status: 'degraded_performance' }); // prettier-ignore
    expect(set.status).toBe(200);
    expect(set.json.components).toContainEqual(expect.objectContaining({ id: 'docs', status: 'degraded_performance' })); // prettier-ignore
    const missing = await call('PATCH', '/api/v1/page/components/billing', { status: 'major_outage' }); // prettier-ignore
    expect([missing.status, errorOf(missing).message]).toEqual([404, 'no component "billing" on page "acme"']); // prettier-ignore
    await call('PATCH', '/api/v1/page/components/docs', { status: 'operational' });
  });

  it('refuses bad input with 400 naming each field, in the words of the CLI’s door', async () => {
    const bad = { title: '', impact: 'huge', body: 'x', components: { api: 'on_fire' } };
    const sent = await call('POST', '/api/v1/page/incidents', bad);
    expect([sent.status, errorOf(sent).code]).toEqual([400, 'bad_request']);
    for (const field of ['title', 'impact', 'components.api']) expect(errorOf(sent).message).toContain(`${field}: `); // prettier-ignore
    const cli = await runPageAction({ store, page, deliveries: noDeliveries }, T0, 'incident.open', bad).catch((e: unknown) => e); // prettier-ignore
    expect(cli).toBeInstanceOf(StatuswatchError);
    // Same checks, same words after the action's name.
    const tail = (message: string) => message.slice(message.indexOf(':') + 1);
    expect(tail(errorOf(sent).message)).toBe(tail((cli as StatuswatchError).message));
    // The server's clock, never the client's; the path's code, never the body's.
    const at = await call('POST', '/api/v1/page/incidents', { title: 'T', body: 'B', at: 0 });
    expect([at.status, errorOf(at).message]).toEqual([
      400,
      'open incident: Unrecognized key: "at"',
    ]);
    const code = await call('POST', '/api/v1/page/incidents/abcdefabcdef/updates', { code: 'zzzzzzzzzzzz', status: 'identified', body: 'B' }); // prettier-ignore
    expect([code.status, errorOf(code).message]).toEqual([400, 'update incident: Unrecognized key: "code"']); // prettier-ignore
    const malformed = await call('POST', '/api/v1/page/incidents/NOT-A-CODE/resolve', {});
    expect(malformed.status).toBe(400);
    const unknown = await call('POST', '/api/v1/page/incidents/abcdefabcdef/resolve', {});
    expect([unknown.status, errorOf(unknown).message]).toEqual([404, 'no incident "abcdefabcdef" on page "acme"']); // prettier-ignore
    const publish = await call('POST', '/api/v1/page/incidents/abcdefabcdef/postmortem/publish', { body: 'x' }); // prettier-ignore
    expect([publish.status, errorOf(publish).message]).toEqual([400, 'publish postmortem: takes no body']); // prettier-ignore
  });

  it('needs the token: 401 without or with a wrong one, 403 while none is configured even on loopback', async () => {
    const open = { title: 'T', body: 'B' };
    const before = await store.listIncidents({ limit: 500, offset: 0 });
    for (const token of [null, 'wrong-token-wrong-token-wrong']) {
      const sent = await call('POST', '/api/v1/page/incidents', open, { token });
      expect([sent.status, errorOf(sent).code]).toEqual([401, 'unauthorized']);
    }
    const loopback = await call('POST', '/api/v1/page/incidents', open, { at: noTokenBase, token: null }); // prettier-ignore
    expect([loopback.status, errorOf(loopback).code]).toEqual([403, 'forbidden']);
    expect(errorOf(loopback).message).toContain('apiToken');
    // Nothing was written by the refused calls.
    expect(await store.listIncidents({ limit: 500, offset: 0 })).toHaveLength(before.length);
  });

  it('documents each body as its action’s schema less the path’s field, not a copy', () => {
    type Schema = { properties: Record<string, unknown>; required: string[]; additionalProperties: unknown }; // prettier-ignore
    const doc = openApiDocument() as { components: { schemas: Record<string, Schema> } };
    const documented = doc.components.schemas.PageIncidentUpdate;
    const action = z.toJSONSchema(postUpdateSchema, { io: 'input' }) as unknown as Schema;
    const { code: _code, ...rest } = action.properties;
    expect(Object.keys(documented?.properties ?? {})).toEqual(Object.keys(rest));
    expect(documented?.properties.status).toEqual(rest.status);
    expect(documented?.required).toEqual(action.required.filter((k) => k !== 'code'));
    expect(documented?.additionalProperties).toBe(false);
  });

  it('answers 404 on a server without `page:`', async () => {
    const sent = await call('POST', '/api/v1/page/incidents', { title: 'T', body: 'B' }, { at: noPageBase }); // prettier-ignore
    expect([sent.status, errorOf(sent).code]).toEqual([404, 'not_found']);
    expect(errorOf(sent).message).toContain('page:');
  });
});
