/**
 * Every route in the OpenAPI document, requested over real HTTP against a seeded server, and
 * every JSON body validated against the response schema the document gives for its status.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, type Channels } from '../src/alerts/index.ts';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { runPageAction } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import type { Store } from '../src/storage/store.ts';
import { openApiDocument } from '../src/web/api/openapi.ts';
import { createWebServer } from '../src/web/server.ts';
import { startHttpSink, type HttpSink } from './alert-sinks.ts';
import { GITHUB_INCIDENT, SEED_NOW, seedStore } from './browser/_seed.ts';

// The JSON Schema 2020-12 validator (ajv 8) that the dev dependency
// @seriousme/openapi-schema-validator brings and uses itself: no new dependency for bodies.
const fromValidator = createRequire(import.meta.resolve('@seriousme/openapi-schema-validator'));
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface Ajv {
  addSchema: (schema: object, key: string) => void;
  getSchema: (ref: string) => Validate | undefined;
}
const { default: Ajv2020 } = fromValidator('ajv/dist/2020.js') as {
  default: new (options: object) => Ajv;
};
const { default: addFormats } = fromValidator('ajv-formats') as {
  default: (ajv: Ajv) => void;
};

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The documented path template this call exercises. */
  path: string;
  url: string;
  body?: unknown;
  /** Sent to a second server that has no alert channels (management answers 403). */
  readOnly?: true;
  /** Sent to a third server with an own page and an API token; `token: false` leaves it out. */
  page?: { token: boolean };
}

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
};
interface Response {
  content?: Record<string, { schema: object }>;
}

let store: Store;
let app: FastifyInstance;
let base: string;
let readOnlyApp: FastifyInstance;
let readOnlyBase: string;
let pageStore: Store;
let pageApp: FastifyInstance;
let pageBase: string;
let sink: HttpSink;
let channels: Channels;
const doc = openApiDocument() as unknown as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(closed(structuredClone(doc)), 'openapi');

beforeAll(async () => {
  sink = await startHttpSink();
  store = await openSqliteStore(':memory:');
  await seedStore(store);
  channels = createChannels({ http: { allowList: ['127.0.0.1'] } });
  const alerts = { store, channels, publicUrl: 'http://127.0.0.1', clock: () => SEED_NOW };
  app = createWebServer({ store, alerts, clock: () => SEED_NOW });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const readOnlyAlerts = { ...alerts, channels: null };
  readOnlyApp = createWebServer({ store, alerts: readOnlyAlerts, clock: () => SEED_NOW });
  readOnlyBase = await readOnlyApp.listen({ host: '127.0.0.1', port: 0 });
  // The own page: an incident and a maintenance with known codes for the steps on them.
  pageStore = await openSqliteStore(':memory:');
  let n = 0;
  const codes = [PAGE_INCIDENT, PAGE_MAINTENANCE];
  const newCode = () => codes[n++] ?? `update${String(n).padStart(6, '0')}`;
  const writer = { store: pageStore, page: PAGE, deliveries: noDeliveries, newCode };
  await runPageAction(writer, SEED_NOW, 'incident.open', { title: 'API errors', body: 'Looking.' });
  const m = { title: 'Upgrade', body: 'Planned.', scheduledFor: SEED_NOW + 3_600_000, scheduledUntil: SEED_NOW + 7_200_000, components: ['api'] }; // prettier-ignore
  await runPageAction(writer, SEED_NOW, 'maintenance.schedule', m);
  const writeAccess = { token: PAGE_TOKEN, openWithoutToken: false };
  pageApp = createWebServer({
    store: pageStore,
    clock: () => SEED_NOW,
    ownPage: PAGE,
    writeAccess,
  });
  pageBase = await pageApp.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await Promise.all([app.close(), readOnlyApp.close(), pageApp.close()]);
  await Promise.all([channels.close(), sink.close()]);
  await Promise.all([store.close(), pageStore.close()]);
});

const PAGE = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  components: [{ name: 'API' }],
});
const PAGE_TOKEN = 'openapi-test-page-token-0123';
const PAGE_INCIDENT = 'pageincident';
const PAGE_MAINTENANCE = 'pagemaintena';

const get = (path: string, url = path): Call => ({ method: 'GET', path, url });
const SUB = '/api/v1/subscriptions/{id}';

/** In order: the subscription created first is used by the later alert calls, then deleted. */
function calls(): Call[] {
  const spec = () => ({
    providers: ['github'],
    minimum_impact: 'minor',
    channel: { kind: 'webhook', url: `${sink.url}/hook` },
  });
  return [
    get('/api/v1/providers'),
    get('/api/v1/providers/{slug}', '/api/v1/providers/github'),
    get('/api/v1/providers/{slug}', '/api/v1/providers/openai'),
    get('/api/v1/providers/{slug}', '/api/v1/providers/nobody'),
    get('/api/v1/providers/{slug}/components', '/api/v1/providers/github/components'),
    get('/api/v1/providers/{slug}/components', '/api/v1/providers/githubstatus/components'),
    get('/api/v1/source-health'),
    get('/api/v1/incidents', '/api/v1/incidents?limit=500'),
    get('/api/v1/incidents', '/api/v1/incidents?limit=0'),
    get(
      '/api/v1/providers/{slug}/incidents/{id}',
      `/api/v1/providers/github/incidents/${GITHUB_INCIDENT}`,
    ),
    get('/api/v1/providers/{slug}/incidents/{id}', '/api/v1/providers/github/incidents/none'),
    get('/api/v1/events', '/api/v1/events?after=0&limit=1000'),
    get('/api/v1/search', '/api/v1/search?q=outage&limit=100'),
    get(
      '/api/v1/search',
      '/api/v1/search?q=github&provider=github&since=2020-01-01&until=2030-01-01',
    ),
    get('/api/v1/search', '/api/v1/search?q='),
    get('/api/v2/summary.json'),
    get('/api/v2/status.json'),
    get('/api/v2/components.json'),
    get('/api/v2/incidents.json'),
    get('/api/v2/incidents/unresolved.json'),
    get('/api/v2/incidents/{id}.json', `/api/v2/incidents/github~${GITHUB_INCIDENT}.json`),
    get('/api/v2/incidents/{id}.json', '/api/v2/incidents/github~none.json'),
    get('/api/v2/scheduled-maintenances.json'),
    get('/api/v2/scheduled-maintenances/upcoming.json'),
    get('/api/v2/scheduled-maintenances/active.json'),
    get('/api/openapi.json'),
    get('/api/docs'),
    { method: 'POST', path: '/api/v1/subscriptions', url: '/api/v1/subscriptions', body: spec() },
    { method: 'POST', path: '/api/v1/subscriptions', url: '/api/v1/subscriptions', body: {} },
    get('/api/v1/subscriptions'),
    get(SUB, '/api/v1/subscriptions/1'),
    get(SUB, '/api/v1/subscriptions/999'),
    { method: 'PUT', path: SUB, url: '/api/v1/subscriptions/1', body: spec() },
    { method: 'POST', path: `${SUB}/test`, url: '/api/v1/subscriptions/1/test' },
    { method: 'POST', path: `${SUB}/resume`, url: '/api/v1/subscriptions/1/resume' },
    get('/api/v1/deliveries', '/api/v1/deliveries?limit=500'),
    get('/api/v1/alerts/webhook-schema'),
    { method: 'POST', path: `${SUB}/test`, url: '/api/v1/subscriptions/1/test', readOnly: true },
    { method: 'DELETE', path: SUB, url: '/api/v1/subscriptions/1' },
    ...pageCalls(),
  ];
}

/** The own page's token API, in an order its steps allow; then its refusals. */
function pageCalls(): Call[] {
  const on = { token: true };
  const INC = '/api/v1/page/incidents/{code}';
  const MNT = '/api/v1/page/maintenances/{code}';
  const inc = `/api/v1/page/incidents/${PAGE_INCIDENT}`;
  const mnt = `/api/v1/page/maintenances/${PAGE_MAINTENANCE}`;
  const post = (path: string, url: string, body?: unknown, page = on): Call => ({ method: 'POST', path, url, ...(body === undefined ? {} : { body }), page }); // prettier-ignore
  return [
    post('/api/v1/page/incidents', '/api/v1/page/incidents', { title: 'Slow', body: 'Looking.', components: { api: 'degraded_performance' } }), // prettier-ignore
    post('/api/v1/page/incidents', '/api/v1/page/incidents', {}),
    post(`${INC}/updates`, `${inc}/updates`, { status: 'identified', body: 'Found.', components: { api: 'partial_outage' } }), // prettier-ignore
    post(`${INC}/resolve`, `${inc}/resolve`, {}),
    { method: 'PUT', path: `${INC}/postmortem`, url: `${inc}/postmortem`, body: { body: 'Why.' }, page: on }, // prettier-ignore
    { method: 'GET', path: `${INC}/postmortem-draft`, url: `${inc}/postmortem-draft`, page: on },
    { method: 'GET', path: `${INC}/postmortem-draft`, url: `${inc}/postmortem-draft`, page: { token: false } }, // prettier-ignore
    post(`${INC}/postmortem/publish`, `${inc}/postmortem/publish`),
    post(`${INC}/updates`, `${inc}/updates`, { status: 'monitoring', body: 'After the postmortem.' }), // prettier-ignore
    post(`${INC}/resolve`, '/api/v1/page/incidents/abcdefabcdef/resolve', {}),
    post('/api/v1/page/maintenances', '/api/v1/page/maintenances', { title: 'Move', body: 'Planned.', scheduledFor: SEED_NOW + 86_400_000, scheduledUntil: SEED_NOW + 90_000_000 }), // prettier-ignore
    post(`${MNT}/start`, `${mnt}/start`),
    post(`${MNT}/complete`, `${mnt}/complete`, { body: 'Done.' }),
    { method: 'PATCH', path: '/api/v1/page/components/{id}', url: '/api/v1/page/components/api', body: { status: 'operational' }, page: on }, // prettier-ignore
    // The first server has no `page:`.
    { method: 'POST', path: '/api/v1/page/incidents', url: '/api/v1/page/incidents', body: {} },
  ];
}

async function send(call: Call): Promise<globalThis.Response> {
  const at = call.page !== undefined ? pageBase : call.readOnly === true ? readOnlyBase : base;
  const headers: Record<string, string> = {};
  if (call.page?.token === true) headers.authorization = `Bearer ${PAGE_TOKEN}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${at}${call.url}`, {
    method: call.method,
    headers,
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
}

/** The schema errors of one answer, or a sentence saying why it has no documented schema. */
async function check(call: Call, res: globalThis.Response): Promise<unknown> {
  const operation = doc.paths[call.path]?.[call.method.toLowerCase()];
  const documented = operation?.responses[String(res.status)];
  if (documented === undefined) return `status ${String(res.status)} is not documented`;
  const text = await res.text();
  if (documented.content === undefined)
    return text === '' ? null : 'a body where none is documented';
  const [type] = Object.keys(documented.content);
  if (!String(res.headers.get('content-type')).startsWith(String(type)))
    return `not ${String(type)}`;
  if (type !== 'application/json') return null;
  const pointer = `openapi#/paths/${call.path.replace(/\//g, '~1')}/${call.method.toLowerCase()}/responses/${String(res.status)}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  if (validate === undefined) return `no schema at ${pointer}`;
  return validate(JSON.parse(text)) ? null : summary(validate.errors ?? []);
}

/** One line per distinct schema error (a list of 50 incidents repeats each one 50 times). */
function summary(errors: unknown[]): string[] {
  const lines = errors.map((e) => {
    const { schemaPath, message, params } = e as {
      schemaPath: string;
      message: string;
      params: object;
    };
    return `${schemaPath} ${message} ${JSON.stringify(params)}`;
  });
  return [...new Set(lines)];
}

/**
 * The document with every described object closed (`unevaluatedProperties: false`), so a field
 * the server sends but the document leaves out fails too; the document itself leaves them open
 * because answers may gain fields.
 */
function closed<T>(node: T): T {
  if (Array.isArray(node)) {
    for (const item of node) closed(item);
  } else if (typeof node === 'object' && node !== null) {
    const schema = node as Record<string, unknown>;
    if ('properties' in schema) schema.unevaluatedProperties ??= false;
    for (const value of Object.values(schema)) closed(value);
  }
  return node;
}

describe('every documented route answers what the document says', () => {
  it('validates each JSON body against its response schema, and leaves no route out', async () => {
    const problems: Record<string, unknown> = {};
    const statuses = new Set<number>();
    for (const call of calls()) {
      const res = await send(call);
      statuses.add(res.status);
      const errors = await check(call, res);
      if (errors !== null) problems[`${call.method} ${call.url} → ${String(res.status)}`] = errors;
    }
    expect(problems).toEqual({});
    // The error shapes were exercised too, not only the happy paths.
    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 401, 403, 404, 409]);
    const exercised = new Set(calls().map((c) => `${c.method} ${c.path}`));
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...exercised].sort()).toEqual([...documented].sort());
    expect(documented.length).toBeGreaterThan(25);
  });

  it('catches a body that breaks its schema (the validator is not a rubber stamp)', async () => {
    const validate = ajv.getSchema('openapi#/components/schemas/Provider');
    const { providers } = (await (await fetch(`${base}/api/v1/providers`)).json()) as {
      providers: Record<string, unknown>[];
    };
    const [real] = providers;
    expect(validate?.(real)).toBe(true);
    expect(validate?.({ ...real, added: 1 })).toBe(false);
    expect(validate?.({ ...real, last_checked_at: 'yesterday' })).toBe(false);
    const { slug: _slug, ...missing } = real ?? {};
    expect(validate?.(missing)).toBe(false);
  });
});
