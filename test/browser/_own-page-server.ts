/**
 * The own page for the browser tests: seed 001's xMatters incident authored through the own
 * page's actions, served by the public listener (`page.listen`), which is what faces readers.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { componentIdOf, pageConfigSchema } from '../../src/config/index.ts';
import { noDeliveries } from '../../src/ingest/delivery-planner.ts';
import { withIngestNotices } from '../../src/ingest/ingest-notifier.ts';
import {
  authorNew,
  authorOn,
  draftPostmortemOn,
  openIncident,
  postUpdate,
  publishPostmortemOn,
  resolveIncident,
  scheduleMaintenance,
  type OwnPageWriter,
} from '../../src/own-page/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite-store.ts';
import { createPublicListener } from '../../src/web/public-listener.ts';

/** Seed 001 (test/fixtures/seeds/, PROVENANCE.md): an xMatters incident report as Statuspage shows it. */
export const SEED_001 = readFileSync(new URL('../fixtures/seeds/001_57f9844ef91e9bba.txt', import.meta.url), 'utf8'); // prettier-ignore

/** Seed 001 read into its parts, in its order: what the report must show, in that order. */
export interface SeedReport {
  title: string;
  reportFor: string;
  postmortem: { text: string; posted: string };
  /** Newest first, as the seed lists them. */
  updates: { text: string; posted: string; at: number }[];
  affected: string;
  group: string;
  components: string[];
}

export function readSeed001(): SeedReport {
  const [title = '', reportFor = '', ...rest] = SEED_001.split('\n');
  const parts = rest.join('\n').split(POSTED_LINE);
  // split() with a capture group: text, stamp, text, stamp, …, text after the last stamp.
  const texts = parts.filter((_, i) => i % 2 === 0).map((t) => t.trim());
  const stamps = parts.filter((_, i) => i % 2 === 1);
  const [postmortem = '', ...updateTexts] = texts.slice(0, -1);
  const affected = texts.at(-1) ?? '';
  const m = /^This incident affected: (.+) \((.+)\)\.$/.exec(affected);
  if (m === null || stamps.length !== updateTexts.length + 1) throw new Error('seed 001 is not as expected');
  return {
    title,
    reportFor,
    postmortem: { text: postmortem, posted: stamps[0] ?? '' },
    updates: updateTexts.map((text, i) => ({ text, posted: stamps[i + 1] ?? '', at: pstInstant(stamps[i + 1] ?? '') })),
    affected,
    group: m[1] ?? '',
    components: (m[2] ?? '').split(', '),
  };
} // prettier-ignore

/** The seed was copied "7 months" after its posts: the page's clock then. */
export const NOW = Date.parse('2018-08-30T12:00:00Z');
const DAY = 86_400_000;

export interface OwnPageServer {
  url: string;
  code: string;
  openCode: string;
  close(): Promise<void>;
}

/**
 * Seed 001 authored as its team would have: opened, four updates, resolved, a postmortem
 * published three days later. The seed's copy lost the status labels of its updates; the
 * statuses below are read from each update's words (invented, marked so). Also an open
 * incident and an upcoming maintenance near the clock (invented) so the home shows both.
 */
export async function startOwnPageServer(): Promise<OwnPageServer> {
  const seed = readSeed001();
  const page = pageConfigSchema.parse({
    slug: 'xmatters',
    name: seed.reportFor.replace(/^Incident Report for /, ''),
    url: 'https://status.xmatters.example/status',
    timeZone: 'America/Los_Angeles',
    components: seed.components.map((name) => ({ name, group: seed.group })),
  });
  const ids = page.components.map(componentIdOf);
  const raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  const writer: OwnPageWriter = { store: notices.store, page, deliveries: noDeliveries };
  const oldestFirst = [...seed.updates].reverse();
  const STATUSES = ['investigating', 'identified', 'monitoring', 'monitoring', 'resolved'] as const; // invented: from the words
  const [first, ...later] = oldestFirst;
  if (first === undefined) throw new Error('seed 001 has no updates');
  // Invented: the seed shows neither the impact nor the components' statuses.
  const opened = await authorNew(writer, first.at, (cs, ctx) =>
    openIncident(cs, { title: seed.title, impact: 'major', body: first.text, components: Object.fromEntries(ids.map((id) => [id, 'partial_outage'])) }, ctx),
  );
  const code = opened.vendorId;
  for (const [i, u] of later.entries()) {
    const status = STATUSES[i + 1] ?? 'monitoring';
    await authorOn(writer, u.at, code, (cs, incident, ctx) =>
      status === 'resolved' ? resolveIncident(cs, incident, { code, body: u.text }, ctx) : postUpdate(cs, incident, { code, status, body: u.text }, ctx),
    );
  }
  await draftPostmortemOn(writer, first.at + DAY, { code, body: seed.postmortem.text });
  await publishPostmortemOn(writer, pstInstant(seed.postmortem.posted), { code });
  // Invented: today's open incident and tomorrow's maintenance, for the home page.
  const open = await authorNew(writer, NOW - 3_600_000, (cs, ctx) =>
    openIncident(cs, { title: 'Delayed SMS notifications', impact: 'minor', body: 'Some SMS notifications are delayed by up to ten minutes. We are investigating.', components: { [ids[3] ?? '']: 'degraded_performance' } }, ctx),
  );
  await authorNew(writer, NOW - 7_200_000, (cs, ctx) =>
    scheduleMaintenance(cs, { title: 'Database maintenance', body: 'Scheduled database maintenance; no downtime expected.', scheduledFor: NOW + DAY, scheduledUntil: NOW + DAY + 7_200_000, components: [ids[0] ?? ''] }, ctx),
  );
  const app = createPublicListener({
    store: notices.store,
    onIngest: (listener) => notices.onIngest(listener),
    clock: () => NOW,
    page: { ...page, listen: { host: '127.0.0.1', port: 0 } },
    apiToken: null,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    code,
    openCode: open.vendorId,
    close: async () => {
      await app.close();
      await raw.close();
    },
  };
} // prettier-ignore

// --- internal ---

const POSTED_LINE = /^(Posted 7 months ago\. \w{3} \d{1,2}, \d{4} - \d{2}:\d{2} PST)$/m;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Posted 7 months ago. Jan 23, 2018 - 14:16 PST" → the instant (PST is UTC-8). */
function pstInstant(posted: string): number {
  const m = /(\w{3}) (\d{1,2}), (\d{4}) - (\d{2}):(\d{2}) PST$/.exec(posted);
  if (m === null) throw new Error(`not a stamp: ${posted}`);
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[1] ?? ''), Number(m[2]), Number(m[4]) + 8, Number(m[5]));
} // prettier-ignore
