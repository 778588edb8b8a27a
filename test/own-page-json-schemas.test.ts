/**
 * Issue 12, acceptance 2 (first part): JSON schemas written from the real Statuspage v2
 * captures (test/support/statuspage-schemas/, one per endpoint), first shown to accept every
 * capture of their endpoint and to refuse a changed one, then every `/status/api/v2` answer of
 * our own page through a whole life: incidents with updates and component changes, a
 * postmortem, maintenances scheduled, in progress and completed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import { runPageAction, type OwnPageWriter } from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createWebServer } from '../src/web/server.ts';

// ajv 8 (2020-12) as test/web-openapi-responses.test.ts takes it: through the dev dependency
// @seriousme/openapi-schema-validator, which brings and uses it.
const fromValidator = createRequire(import.meta.resolve('@seriousme/openapi-schema-validator'));
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface Ajv {
  addSchema: (schema: object) => void;
  getSchema: (ref: string) => Validate | undefined;
}
const { default: Ajv2020 } = fromValidator('ajv/dist/2020.js') as {
  default: new (options: object) => Ajv;
};
const { default: addFormats } = fromValidator('ajv-formats') as { default: (ajv: Ajv) => void };

type Json = Record<string, unknown>;
const SCHEMAS = new URL('./support/statuspage-schemas/', import.meta.url);
const CAPTURES = new URL('./fixtures/vendors/statuspage-v2/', import.meta.url);
const BASE = 'https://statuswatch.invalid/statuspage-v2/';
const readJson = (dir: URL, name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Json; // prettier-ignore

// Strict about unknown keywords (a typo would check nothing); not about where types are stated.
const ajv = new Ajv2020({
  strict: true,
  strictTypes: false,
  strictRequired: false,
  allErrors: true,
});
addFormats(ajv);
for (const name of readdirSync(SCHEMAS)) ajv.addSchema(readJson(SCHEMAS, name));

/** The endpoint (its path under /api/v2) → its schema file. */
const ENDPOINTS = {
  'summary.json': 'summary.json',
  'status.json': 'status.json',
  'components.json': 'components.json',
  'incidents.json': 'incidents.json',
  'incidents/unresolved.json': 'incidents-unresolved.json',
  'scheduled-maintenances.json': 'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json': 'scheduled-maintenances-upcoming.json',
  'scheduled-maintenances/active.json': 'scheduled-maintenances-active.json',
} as const;

/** The schema errors of a document, one line each; [] when it validates. */
function problems(schema: string, document: unknown): string[] {
  const validate = ajv.getSchema(`${BASE}${schema}`);
  if (validate === undefined) throw new Error(`no schema ${schema}`);
  if (validate(document)) return [];
  const lines = (validate.errors ?? []).map((e) => {
    const { instancePath, message, params } = e as { instancePath: string; message: string; params: object }; // prettier-ignore
    return `${instancePath} ${message} ${JSON.stringify(params)}`;
  });
  return [...new Set(lines)];
}

const capture = (name: string) => readJson(CAPTURES, name);

/**
 * A schema cannot say it: in a summary, a component an incident or maintenance lists is its
 * entry in `components`, field for field (GitHub's Packages and Pages, Personio's System
 * availability). The ids of those that differ.
 */
function componentsRepeatedAsListed(summary: Json): string[] {
  const byId = new Map((summary.components as Json[]).map((c) => [c.id, JSON.stringify(c)]));
  const items = [...(summary.incidents as Json[]), ...(summary.scheduled_maintenances as Json[])];
  return items.flatMap((i) => (i.components as Json[]).filter((c) => byId.get(c.id) !== JSON.stringify(c)).map((c) => String(c.id))); // prettier-ignore
}
const captureNames = readdirSync(CAPTURES);
const named = (pattern: RegExp) => captureNames.filter((n) => pattern.test(n));
const summaries = named(/__summary.*\.json$/);
const incidentLists = named(/__incidents-.*\.json$/);
const singleIncidents = named(/__incident-[a-z0-9]{12}\.json$/);
const UNRESOLVED = ['investigating', 'identified', 'monitoring'];

describe('the Statuspage v2 schemas against the real captures', () => {
  it('finds the captures it was written from', () => {
    expect([summaries.length, incidentLists.length, singleIncidents.length]).toEqual([3, 4, 6]);
  });

  it('accepts every capture of each endpoint (and of the ones built from the same objects)', () => {
    const found: Record<string, string[]> = {};
    const check = (schema: string, name: string, document: unknown) => {
      const errors = problems(schema, document);
      if (errors.length > 0) found[`${schema} ← ${name}`] = errors;
    };
    for (const name of summaries) {
      const { page, components, status, scheduled_maintenances: maintenances } = capture(name);
      check('summary.json', name, capture(name));
      check('status.json', name, { page, status });
      check('components.json', name, { page, components });
      check('scheduled-maintenances.json', name, { page, scheduled_maintenances: maintenances });
      const list = maintenances as Json[];
      const upcoming = list.filter((m) => m.status === 'scheduled');
      const active = list.filter((m) => m.status !== 'scheduled');
      check('scheduled-maintenances-upcoming.json', name, { page, scheduled_maintenances: upcoming }); // prettier-ignore
      check('scheduled-maintenances-active.json', name, { page, scheduled_maintenances: active });
    }
    for (const name of incidentLists) {
      const document = capture(name);
      check('incidents.json', name, document);
      const open = (document.incidents as Json[]).filter((i) => UNRESOLVED.includes(String(i.status))); // prettier-ignore
      check('incidents-unresolved.json', name, { page: document.page, incidents: open });
    }
    for (const name of singleIncidents) check('incident.json', name, capture(name));
    for (const name of summaries) expect([name, componentsRepeatedAsListed(capture(name))]).toEqual([name, []]); // prettier-ignore
    // One incident cut out of incidents.json, unwrapped: the incident object itself.
    check('defs.json#/$defs/incident', 'bare', capture('github__incident-8vfyvq16hzh9-bare.json'));
    expect(found).toEqual({});
  });

  it('refuses a capture changed in any of the ways it checks (not a rubber stamp)', () => {
    const real = capture('box__incidents-2024-01-31-first3.json');
    const change = (edit: (incident: Json, update: Json) => void) => {
      const copy = structuredClone(real);
      const incident = (copy.incidents as Json[])[0] as Json;
      edit(incident, (incident.incident_updates as Json[])[0] as Json);
      return problems('incidents.json', copy);
    };
    expect(problems('incidents.json', real)).toEqual([]);
    expect(change((i) => (i.postmortem_body = 'text'))).not.toEqual([]); // a field Statuspage's public API lacks
    expect(change((i) => delete i.shortlink)).not.toEqual([]);
    expect(change((i) => (i.started_at = null))).not.toEqual([]);
    expect(change((i) => (i.created_at = '2024-01-22 16:16'))).not.toEqual([]);
    expect(change((i) => (i.id = 'T338NYX801F7'))).not.toEqual([]);
    expect(change((_, u) => (u.affected_components = {}))).not.toEqual([]);
    expect(change((_, u) => (u.deliver_notifications = 'true'))).not.toEqual([]);
    const summary = capture('personio__summary-2024-01-31.json');
    expect(problems('summary.json', summary)).toEqual([]);
    const jira = capture('jira__incidents-2023-09-01.json').incidents as Json[];
    const resolved = jira.filter((i) => i.status === 'resolved').slice(0, 1);
    expect(resolved).toHaveLength(1);
    // summary.json lists unresolved incidents only.
    expect(problems('summary.json', { ...summary, incidents: resolved })).not.toEqual([]);
    const [maintenance] = summary.scheduled_maintenances as Json[];
    const { scheduled_for: _for, ...windowless } = maintenance ?? {};
    expect(problems('summary.json', { ...summary, scheduled_maintenances: [windowless] })).not.toEqual([]); // prettier-ignore
    const [component] = summary.components as Json[];
    const group = { ...component, group: true };
    expect(problems('components.json', { page: summary.page, components: [group] })).not.toEqual(
      [],
    ); // a group names its members
    expect(problems('components.json', { page: summary.page, components: [{ ...group, components: [] }] })).toEqual([]); // prettier-ignore
  });
});

// --- our own page ---

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'America/Los_Angeles',
  components: [
    { name: 'Web Interface', group: 'North America', description: 'The dashboard' },
    { name: 'Public API', group: 'North America' },
    { name: 'Docs' },
  ],
});
const T0 = Date.parse('2024-01-22T23:37:00Z');
const MINUTE = 60_000;

describe('every /status/api/v2 answer of the own page against those schemas', () => {
  it('validates at each moment of an incident’s and a maintenance’s life', async () => {
    const store = await openSqliteStore(':memory:');
    let now = T0;
    const app = createWebServer({ store, clock: () => now, ownPage: page });
    const writer: OwnPageWriter = { store, page, deliveries: noDeliveries };
    const act = async (at: number, action: Parameters<typeof runPageAction>[2], input: Json) => {
      now = at;
      return (await runPageAction(writer, at, action, input)).incident?.vendorId ?? '';
    };
    const found: Record<string, string[]> = {};
    const codes = new Set<string>();
    /** What each list held at each moment (statuses, sorted): the checks were not vacuous. */
    const listed: Json[] = [];
    const checkAll = async (moment: string) => {
      const get = async (path: string) => {
        const res = await app.inject(`/status/api/v2/${path}`);
        expect([path, res.statusCode]).toEqual([path, 200]);
        return res.json<Json>();
      };
      const lists: Record<string, string> = {};
      for (const [path, schema] of Object.entries(ENDPOINTS)) {
        const document = await get(path);
        const errors = problems(schema, document);
        if (path === 'summary.json') errors.push(...componentsRepeatedAsListed(document).map((id) => `component ${id} differs from its listed entry`)); // prettier-ignore
        if (errors.length > 0) found[`${moment}: ${path}`] = errors;
        for (const key of ['incidents', 'scheduled_maintenances']) {
          const items = document[key] as Json[] | undefined;
          if (items !== undefined) lists[`${path} ${key}`] = items.map((i) => String(i.status)).sort().join(','); // prettier-ignore
        }
      }
      listed.push(lists);
      for (const code of codes) {
        const errors = problems('incident.json', await get(`incidents/${code}.json`));
        if (errors.length > 0) found[`${moment}: incidents/${code}.json`] = errors;
      }
    };

    await checkAll('before any write');
    const outage = await act(T0, 'incident.open', { title: 'Uploads failing', impact: 'major', body: 'Investigating.', components: { 'web-interface': 'partial_outage' } }); // prettier-ignore
    codes.add(outage);
    await act(T0 + 10 * MINUTE, 'incident.update', { code: outage, status: 'identified', body: 'A bad deploy.', components: { 'web-interface': 'major_outage', 'public-api': 'degraded_performance' } }); // prettier-ignore
    await act(T0 + 20 * MINUTE, 'incident.update', { code: outage, status: 'monitoring', body: 'Rolled back.', components: { 'web-interface': 'operational' } }); // prettier-ignore
    const upgrade = await act(T0 + 21 * MINUTE, 'maintenance.schedule', { title: 'Database upgrade', body: 'Planned work.', scheduledFor: T0 + 60 * MINUTE, scheduledUntil: T0 + 120 * MINUTE, components: ['docs'] }); // prettier-ignore
    const move = await act(T0 + 22 * MINUTE, 'maintenance.schedule', { title: 'Data centre move', body: 'Planned.', scheduledFor: T0 + 3 * 86_400_000, scheduledUntil: T0 + 3 * 86_400_000 + 60 * MINUTE }); // prettier-ignore
    codes.add(upgrade).add(move);
    await act(T0 + 25 * MINUTE, 'component.set', { id: 'docs', status: 'degraded_performance' });
    await checkAll('incident monitoring, two maintenances scheduled');
    await act(T0 + 60 * MINUTE, 'maintenance.start', { code: upgrade });
    await checkAll('maintenance in progress');
    await act(T0 + 90 * MINUTE, 'incident.resolve', { code: outage });
    await act(T0 + 120 * MINUTE, 'maintenance.complete', { code: upgrade, body: 'Done.' });
    const quiet = await act(T0 + 121 * MINUTE, 'incident.open', { title: 'Docs slow', body: 'Looking.' }); // prettier-ignore
    codes.add(quiet);
    await act(T0 + 2 * 86_400_000, 'postmortem.draft', { code: outage, body: 'What happened.' });
    await act(T0 + 2 * 86_400_000 + MINUTE, 'postmortem.publish', { code: outage });
    await checkAll('postmortem published, maintenance completed, another incident open');

    expect(found).toEqual({});
    const table = (summary: string, incidents: string, unresolved: string, open: string, all: string, upcoming: string, active: string) => ({
      'summary.json incidents': summary,
      'summary.json scheduled_maintenances': open,
      'incidents.json incidents': incidents,
      'incidents/unresolved.json incidents': unresolved,
      'scheduled-maintenances.json scheduled_maintenances': all,
      'scheduled-maintenances/upcoming.json scheduled_maintenances': upcoming,
      'scheduled-maintenances/active.json scheduled_maintenances': active,
    }); // prettier-ignore
    expect(listed).toEqual([
      table('', '', '', '', '', '', ''),
      table('monitoring', 'monitoring', 'monitoring', 'scheduled,scheduled', 'scheduled,scheduled', 'scheduled,scheduled', ''),
      table('monitoring', 'monitoring', 'monitoring', 'in_progress,scheduled', 'in_progress,scheduled', 'scheduled', 'in_progress'),
      table('investigating', 'investigating,postmortem', 'investigating', 'scheduled', 'completed,scheduled', 'scheduled', ''),
    ]); // prettier-ignore
    await app.close();
    await store.close();
  });
});
