import { describe, expect, it } from 'vitest';
import { pageConfigSchema } from '../src/config/index.ts';
import { noDeliveries } from '../src/ingest/delivery-planner.ts';
import {
  authorNew,
  authorOn,
  completeMaintenance,
  openIncident,
  scheduleMaintenance,
  setComponentStatus,
  startMaintenance,
  syncOwnPage,
  type OwnPageWriter,
} from '../src/own-page/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createWebServer } from '../src/web/server.ts';

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'Europe/Berlin',
  components: [
    { name: 'API', group: 'Core' },
    { name: 'Dashboard', group: 'Core' },
    { name: 'Docs' },
  ],
});
const T0 = Date.parse('2024-02-06T20:00:00Z'); // 21:00 in Berlin (+01:00)
const HOUR = 3_600_000;

async function setUp() {
  const store = await openSqliteStore(':memory:');
  const writer: OwnPageWriter = { store, page, deliveries: noDeliveries };
  let now = T0;
  const app = createWebServer({ store, clock: () => now, ownPage: page });
  const json = async (url: string) => (await app.inject(url)).json<Record<string, unknown>>();
  return { store, writer, app, json, setNow: (t: number) => (now = t) };
}

describe('the own page outputs', () => {
  it('lists a maintenance as upcoming, then active with its components under maintenance, then completed', async () => {
    const { store, writer, app, json, setNow } = await setUp();
    const m = await authorNew(writer, T0, (cs, ctx) =>
      scheduleMaintenance(cs, { title: 'Database upgrade', body: 'Planned work.', scheduledFor: T0 + HOUR, scheduledUntil: T0 + 3 * HOUR, components: ['api'] }, ctx),
    );
    expect((await json('/status/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toMatchObject([
      { id: m.vendorId, status: 'scheduled', impact: 'maintenance', scheduled_for: '2024-02-06T22:00:00.000+01:00', scheduled_until: '2024-02-07T00:00:00.000+01:00' },
    ]);
    await authorOn(writer, T0 + HOUR, m.vendorId, (cs, i, ctx) => startMaintenance(cs, i, { code: m.vendorId }, ctx));
    setNow(T0 + HOUR);
    const summary = await json('/status/api/v2/summary.json');
    expect(summary.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(summary.components).toMatchObject([
      { id: 'group-core', name: 'Core', group: true, status: 'under_maintenance', components: ['api', 'dashboard'], group_id: null },
      { id: 'api', status: 'under_maintenance', group_id: 'group-core', group: false },
      { id: 'dashboard', status: 'operational', group_id: 'group-core' },
      { id: 'docs', status: 'operational', group_id: null },
    ]);
    expect((await json('/status/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
    expect((await json('/status/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toMatchObject([{ id: m.vendorId, status: 'in_progress' }]);
    await authorOn(writer, T0 + 2 * HOUR, m.vendorId, (cs, i, ctx) => completeMaintenance(cs, i, { code: m.vendorId }, ctx));
    setNow(T0 + 2 * HOUR);
    expect((await json('/status/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    expect((await json('/status/api/v2/scheduled-maintenances.json')).scheduled_maintenances).toMatchObject([{ id: m.vendorId, status: 'completed', resolved_at: '2024-02-06T23:00:00.000+01:00' }]);
    expect((await json('/status/api/v2/components.json')).components).toMatchObject([{ status: 'operational' }, { status: 'operational' }, { status: 'operational' }, { status: 'operational' }]);
    // Weeks without a write: the page is quiet, not a source we failed to read.
    setNow(T0 + 60 * 24 * HOUR);
    const aggregate = (await json('/api/v2/components.json')).components as { id: string }[];
    expect(aggregate.find((c) => c.id === 'acme')).toMatchObject({ status: 'operational', description: null });
    await app.close();
    await store.close();
  });

  it('writes through ingest: events, search and the status indicator; CORS and ETags as elsewhere', async () => {
    const { store, writer, app, json } = await setUp();
    await syncOwnPage(writer, T0);
    await setComponentStatus(writer, T0, { id: 'docs', status: 'degraded_performance' });
    expect((await json('/status/api/v2/status.json')).status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    const opened = await authorNew(writer, T0 + HOUR, (cs, ctx) =>
      openIncident(cs, { title: 'Elevated API errors', impact: 'critical', body: 'Investigating elevated error rates.', components: { api: 'major_outage' } }, ctx),
    );
    const events = await store.listEvents(0, 100);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['component_status_changed', 'incident_opened']));
    expect(events.every((e) => e.providerSlug === 'acme')).toBe(true);
    const hits = await store.searchIncidents('elevated', { limit: 10, offset: 0 });
    expect(hits.hits.map((h) => h.incident.vendorId)).toEqual([opened.vendorId]);
    expect((await json('/status/api/v2/incidents/unresolved.json')).incidents).toMatchObject([{ id: opened.vendorId, impact: 'critical' }]);
    expect((await json('/status/api/v2/status.json')).status).toEqual({ indicator: 'critical', description: 'Major Service Outage' });

    const first = await app.inject({ url: '/status/api/v2/summary.json', headers: { origin: 'https://elsewhere.example' } });
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers.etag).toBeTruthy();
    const again = await app.inject({ url: '/status/api/v2/summary.json', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject('/status/api/v2/incidents/nope.json')).statusCode).toBe(404);
    await app.close();
    await store.close();
  });
}); // prettier-ignore
