// A drafted postmortem is the operator's unpublished text: nothing public (aggregate and own
// page APIs, pages, feeds, search) nor the stored events (alerts plan from them) may show it
// until it is published; then it is everywhere, and postmortem_published fires once.
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
  type OwnPageWriter,
} from '../src/own-page/index.ts';
import type { Store } from '../src/storage/store.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { createWebServer } from '../src/web/server.ts';

const page = pageConfigSchema.parse({
  slug: 'acme',
  name: 'Acme',
  url: 'https://status.acme.example/status',
  timeZone: 'Europe/Berlin',
  components: [{ name: 'API' }],
});
const T0 = Date.parse('2024-02-06T20:00:00Z');
const HOUR = 3_600_000;
// One word found nowhere else, so that search and every body can be asked for it alone.
const SECRET = 'quokkafrobnication';
const DRAFT = `Root cause: the ${SECRET} job exhausted the connection pool.`;

/** Every public read of the incident, as text (a fresh server each time: no cached page). */
async function publicReads(store: Store, code: string): Promise<Record<string, string>> {
  const app = createWebServer({ store, clock: () => T0 + 100 * HOUR, ownPage: page });
  const paths = [
    '/api/v2/incidents.json',
    '/api/v2/summary.json',
    `/api/v1/providers/acme/incidents/${code}`,
    '/api/v1/incidents',
    `/api/v1/search?q=${SECRET}`,
    '/api/v1/events',
    '/',
    '/incidents',
    `/providers/acme/incidents/${code}`,
    '/providers/acme',
    `/search?q=${SECRET}`,
    '/feed.atom',
    '/providers/acme/feed.atom',
    '/status/api/v2/incidents.json',
    `/status/api/v2/incidents/${code}.json`,
    `/status/incidents/${code}`,
    '/status/history.atom',
  ];
  const reads: Record<string, string> = {};
  try {
    for (const path of paths) {
      const response = await app.inject(path);
      expect([path, response.statusCode]).toEqual([path, 200]);
      reads[path] = response.body;
    }
  } finally {
    await app.close();
  }
  return reads;
}

/**
 * The paths whose body holds the draft's word, or (search, which echoes the query) which find
 * the incident (its title).
 */
const containing = (reads: Record<string, string>) =>
  Object.keys(reads).filter((path) =>
    reads[path]?.includes(path.includes('search?') ? 'API errors' : SECRET),
  );

describe('a drafted postmortem on the own page', () => {
  it('is shown nowhere and announced to no one until published; then everywhere, announced once', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const writer: OwnPageWriter = { store, page, deliveries: noDeliveries };
      const opened = await authorNew(writer, T0, (cs, ctx) =>
        openIncident(cs, { title: 'API errors', impact: 'minor', body: 'Investigating.', components: { api: 'partial_outage' } }, ctx),
      ); // prettier-ignore
      const code = opened.vendorId;
      await authorOn(writer, T0 + HOUR, code, (cs, i, ctx) =>
        resolveIncident(cs, i, { code }, ctx),
      );

      await draftPostmortemOn(writer, T0 + 2 * HOUR, { code, body: DRAFT });
      // Drafting again replaces the draft (still unseen).
      await draftPostmortemOn(writer, T0 + 3 * HOUR, { code, body: DRAFT });
      expect((await store.getIncident('acme', code))?.postmortem).toBeNull();
      expect((await store.searchIncidents(SECRET, { limit: 10, offset: 0 })).total).toBe(0);
      const eventsBefore = await store.listEvents(0, 1000);
      expect(JSON.stringify(eventsBefore)).not.toContain(SECRET);
      expect(eventsBefore.filter((e) => e.kind === 'postmortem_published')).toEqual([]);
      expect(containing(await publicReads(store, code))).toEqual([]);

      await publishPostmortemOn(writer, T0 + 4 * HOUR, { code });
      expect(await store.getPostmortemDraft({ providerSlug: 'acme', vendorId: code })).toBeNull();
      expect((await store.getIncident('acme', code))?.postmortem).toMatchObject({
        bodyText: DRAFT,
        publishedAt: T0 + 4 * HOUR,
      });
      expect((await store.searchIncidents(SECRET, { limit: 10, offset: 0 })).total).toBe(1);
      const published = (await store.listEvents(0, 1000)).filter(
        (e) => e.kind === 'postmortem_published',
      );
      expect(published.map((e) => [e.incidentVendorId, e.occurredAt])).toEqual([
        [code, T0 + 4 * HOUR],
      ]);
      // Published: every read that shows postmortem text shows it (summary, events, the
      // dashboard and the lists carry no postmortem text at all).
      expect(containing(await publicReads(store, code))).toEqual([
        '/api/v2/incidents.json',
        `/api/v1/providers/acme/incidents/${code}`,
        '/api/v1/incidents',
        `/api/v1/search?q=${SECRET}`,
        `/providers/acme/incidents/${code}`,
        `/search?q=${SECRET}`,
        '/feed.atom',
        '/providers/acme/feed.atom',
        '/status/api/v2/incidents.json',
        `/status/api/v2/incidents/${code}.json`,
        `/status/incidents/${code}`,
        '/status/history.atom',
      ]);

      await expect(publishPostmortemOn(writer, T0 + 5 * HOUR, { code })).rejects.toThrow(
        /already published/,
      );
      await expect(
        draftPostmortemOn(writer, T0 + 5 * HOUR, { code, body: 'Later thoughts.' }),
      ).rejects.toThrow(/already published/);
    } finally {
      await store.close();
    }
  });

  it('refuses to publish without a draft, and to draft on an unknown incident', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const writer: OwnPageWriter = { store, page, deliveries: noDeliveries };
      const opened = await authorNew(writer, T0, (cs, ctx) =>
        openIncident(cs, { title: 'API errors', body: 'Investigating.' }, ctx),
      );
      const code = opened.vendorId;
      await authorOn(writer, T0 + HOUR, code, (cs, i, ctx) =>
        resolveIncident(cs, i, { code }, ctx),
      );
      await expect(publishPostmortemOn(writer, T0 + 2 * HOUR, { code })).rejects.toThrow(
        /no drafted postmortem/,
      );
      await expect(
        draftPostmortemOn(writer, T0, { code: 'aaaaaaaaaaaa', body: DRAFT }),
      ).rejects.toThrow(/no incident "aaaaaaaaaaaa"/);
    } finally {
      await store.close();
    }
  });
});
