import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import {
  authorNew,
  authorOn,
  draftPostmortemOn,
  openIncident,
  publishPostmortemOn,
  resolveIncident,
  scheduleMaintenance,
  type OwnPageWriter,
} from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createWebServer } from '../src/web/server.ts';

/**
 * The own page's JSON against real Statuspage captures (../shared/fixtures/vendors/
 * statuspage-v2/, SOURCES.md): the same field names in the same order, and the same JSON type
 * wherever the real one is not null. Box's incidents carry a postmortem and component changes;
 * Personio's summary a scheduled maintenance; GitHub's summary components and status.
 */
type Json = Record<string, unknown>;
const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/vendors/statuspage-v2/${name}`, import.meta.url), 'utf8')) as Json; // prettier-ignore
const box = capture('box__incidents-2024-01-31-first3.json');
const personio = capture('personio__summary-2024-01-31.json');
const github = capture('github__summary.json');

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Keys in order, and each value's type where both are non-null. Whether a field may be null at
 * all is the JSON schemas' check (own-page-json-schemas.test.ts), written from the captures.
 */
function expectSameShape(where: string, ours: Json, real: Json): void {
  expect([where, Object.keys(ours)]).toEqual([where, Object.keys(real)]);
  for (const key of Object.keys(real)) {
    const r = typeOf(real[key]);
    const o = typeOf(ours[key]);
    if (r !== 'null' && o !== 'null') expect([where, key, o]).toEqual([where, key, r]);
  }
}

const first = (list: unknown): Json => (list as Json[])[0] as Json;

describe('the own page JSON against real captures', () => {
  it('has Statuspage’s public field names and types for page, components, incidents, updates, maintenances, status', async () => {
    const page = pageConfigSchema.parse({ slug: 'acme', name: 'Acme', url: 'https://status.acme.example/status', timeZone: 'America/Los_Angeles', components: [{ name: 'API' }, { name: 'Web', group: 'Apps' }] }); // prettier-ignore
    const store = await openSqliteStore(':memory:');
    const writer: OwnPageWriter = { store, page, deliveries: noDeliveries };
    const t = Date.parse('2024-01-22T23:37:00Z');
    const inc = await authorNew(writer, t, (cs, ctx) => openIncident(cs, { title: 'Uploads failing', impact: 'minor', body: 'Investigating.', components: { api: 'partial_outage' } }, ctx)); // prettier-ignore
    await authorOn(writer, t + 600_000, inc.vendorId, (cs, i, ctx) => resolveIncident(cs, i, { code: inc.vendorId }, ctx)); // prettier-ignore
    await draftPostmortemOn(writer, t + 700_000, { code: inc.vendorId, body: 'What happened.' });
    await publishPostmortemOn(writer, t + 800_000, { code: inc.vendorId });
    await authorNew(writer, t, (cs, ctx) => scheduleMaintenance(cs, { title: 'Upgrade', body: 'Planned.', scheduledFor: t + 86_400_000, scheduledUntil: t + 90_000_000, components: ['api'] }, ctx)); // prettier-ignore
    const app = createWebServer({ store, clock: () => t + 900_000, ownPage: page });
    const get = async (url: string) => (await app.inject(url)).json<Json>();

    const incidents = await get('/status/api/v2/incidents.json');
    const realIncident = first(box.incidents);
    const ours = first(incidents.incidents);
    expectSameShape('page', incidents.page as Json, box.page as Json);
    expectSameShape('incident', ours, realIncident);
    const [pm, resolved] = ours.incident_updates as Json[];
    const [realPm, realResolved] = realIncident.incident_updates as Json[];
    expectSameShape('postmortem update', pm as Json, realPm as Json);
    expect([pm?.display_at, pm?.affected_components]).toEqual([null, null]);
    expectSameShape('update', resolved as Json, realResolved as Json);
    expectSameShape('affected component', first(resolved?.affected_components), first(realResolved?.affected_components)); // prettier-ignore
    expectSameShape('incident component', first(ours.components), first(realIncident.components)); // prettier-ignore

    const summary = await get('/status/api/v2/summary.json');
    expect(Object.keys(summary)).toEqual(Object.keys(personio));
    expectSameShape('maintenance', first(summary.scheduled_maintenances), first(personio.scheduled_maintenances)); // prettier-ignore
    expectSameShape('status', summary.status as Json, github.status as Json);
    const components = summary.components as Json[];
    expectSameShape('component', components[0] as Json, first(github.components));
    // A group adds its members' ids (Statuspage's documented group shape; no capture has one).
    expect(Object.keys(components[1] as Json)).toEqual([...Object.keys(first(github.components)), 'components']); // prettier-ignore
    await app.close();
    await store.close();
  });
});
