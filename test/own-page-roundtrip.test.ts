import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { Incident, Snapshot, StoredIncident } from '../src/domain/index.ts';
import { NEVER_POLLED_AT } from '../src/ingest/ingest-snapshot.ts';
import { sourceFor } from '../src/sources/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { loadConfig } from '../src/config/index.ts';
import { createWebServer } from '../src/web/server.ts';
import { testTempDir } from './support/temp-dir.ts';

// Seed 001's incident: xMatters, Jan 23, 2018, times shown in Pacific time ("14:16 PST").
const YAML = `
page:
  slug: xmatters
  name: xMatters
  url: https://status.example.com/status
  timeZone: America/Los_Angeles
  components:
    - { id: web-interface, name: Web Interface, group: North America }
    - { id: mobile, name: Mobile Apps, group: North America }
    - { id: api, name: Public API }
`;
const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2018-01-23T22:16:00Z'); // 14:16 PST
const iso = (ms: number) => new Date(ms).toISOString();

/** The CLI in-process, on the test's config and data dir; returns the printed lines. */
function cli(dir: string) {
  return async (...args: string[]): Promise<string> => {
    const lines: string[] = [];
    const code = await main([...args, '--config', join(dir, 'statuswatch.yaml'), '--data-dir', dir], (l) => lines.push(l)); // prettier-ignore
    expect([args.join(' '), code, lines]).toEqual([args.join(' '), 0, lines]);
    return lines.join('\n');
  };
}

async function fetchSnapshot(base: string, path: string, format: 'statuspage-v2' | 'statuspage-feed', at: number): Promise<Snapshot> {
  const response = await fetch(base + path);
  expect([path, response.status]).toEqual([path, 200]);
  const body = await response.text();
  const contentType = response.headers.get('content-type');
  const snapshot = sourceFor(format).parse(body, { url: base + path, fetchedAt: at, contentType });
  expect([path, snapshot.warnings]).toEqual([path, []]);
  return snapshot;
} // prettier-ignore

/** What both formats can carry of an update: status, words, when it was shown. */
const updateFacts = (i: Incident, words: (text: string) => string = (t) => t) =>
  i.updates.map((u) => ({
    status: u.status,
    text: words(u.bodyText),
    shownAt: u.displayedAt ?? u.createdAt,
  }));

const oneLinePerParagraph = (text: string): string => text.replace(/\n\n/g, '\n');

describe('the own page round trip', () => {
  it('authored with the CLI, read back losslessly by the statuspage-v2 and statuspage-feed sources over HTTP', async () => {
    const dir = testTempDir('sw-own-page-');
    writeFileSync(join(dir, 'statuswatch.yaml'), YAML);
    const run = cli(dir);
    const at = (ms: number) => ['--at', iso(ms)];

    const opened = await run('page', 'incident', 'open', '--title', 'Web Interface and Mobile Apps unavailable', '--impact', 'major',
      '--message', 'We are investigating reports that the web interface is unavailable.',
      '--component', 'web-interface=major_outage', '--component', 'mobile=partial_outage', ...at(T0));
    const code = /^([a-z0-9]{12}) incident investigating/.exec(opened)?.[1] ?? '';
    expect(code).toMatch(/^[a-z0-9]{12}$/);
    await run('page', 'incident', 'update', code, '--status', 'identified', '--message', 'A failed database node was identified.', '--component', 'api=degraded_performance', ...at(T0 + 19 * MINUTE));
    await run('page', 'incident', 'update', code, '--status', 'identified', '--message', 'Failover in progress.\n\nWeb first, then mobile.', ...at(T0 + 31 * MINUTE));
    await run('page', 'incident', 'update', code, '--status', 'monitoring', '--message', 'Service restored; monitoring.', '--component', 'web-interface=degraded_performance', ...at(T0 + 58 * MINUTE));
    await run('page', 'incident', 'resolve', code, '--message', 'This incident has been resolved.', ...at(T0 + 90 * MINUTE));
    await run('page', 'incident', 'postmortem', code, '--draft', 'Root cause: a database node failed and failover was manual.', ...at(T0 + DAY));
    await run('page', 'incident', 'postmortem', code, '--publish', ...at(T0 + 2 * DAY));
    const now = T0 + 2 * DAY + 5 * MINUTE;

    const store = await openSqliteStore(join(dir, 'statuswatch.db'));
    const config = loadConfig({ configPath: join(dir, 'statuswatch.yaml'), dataDir: dir });
    const app = createWebServer({ store, clock: () => now, ...(config.page === undefined ? {} : { ownPage: config.page }) });
    try {
      const record = await store.getProvider('xmatters');
      expect(record?.source.nextPollAt).toBe(NEVER_POLLED_AT); // the scheduler never claims it
      const stored = (await store.getIncident('xmatters', code)) as StoredIncident;
      expect(stored.updates.map((u) => u.status)).toEqual(['investigating', 'identified', 'identified', 'monitoring', 'resolved', 'postmortem']);
      const storedComponents = (await store.loadProviderState('xmatters', [])).components;
      expect(storedComponents?.map((c) => [c.vendorId, c.status])).toEqual([['web-interface', 'operational'], ['mobile', 'operational'], ['api', 'operational']]);

      // The draft was not news; publishing it is, once (alerts plan from these events).
      const postmortemEvents = (await store.listEvents(0, 1000)).filter((e) => e.kind === 'postmortem_published');
      expect(postmortemEvents.map((e) => [e.occurredAt, e.detectedAt])).toEqual([[T0 + 2 * DAY, T0 + 2 * DAY]]);

      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`;

      // statuspage-v2: the list, the single incident and the summary.
      for (const path of ['/status/api/v2/incidents.json', `/status/api/v2/incidents/${code}.json`]) {
        const read = (await fetchSnapshot(base, path, 'statuspage-v2', now)).incidents;
        expect(read.map((i) => i.vendorId)).toEqual([code]);
        const back = read[0] as Incident;
        for (const field of ['title', 'kind', 'impact', 'status', 'createdAt', 'startedAt', 'monitoringAt', 'resolvedAt', 'scheduledFor', 'scheduledUntil'] as const)
          expect([path, field, back[field]]).toEqual([path, field, stored[field]]);
        expect(back.updates.map((u) => ({ ...u, bodyHtml: '' }))).toEqual(stored.updates.map((u) => ({ ...u, bodyHtml: '' })));
        expect(back.components.map((c) => c.vendorId)).toEqual(['web-interface', 'mobile', 'api']);
        // The text and time travel as they are; the HTML is the reader's own rendering of the text.
        expect([back.postmortem?.bodyText, back.postmortem?.publishedAt]).toEqual([stored.postmortem?.bodyText, T0 + 2 * DAY]);
        expect(back.postmortem?.bodyHtml).toContain('<p>');
      }
      const summary = await fetchSnapshot(base, '/status/api/v2/summary.json', 'statuspage-v2', now);
      expect(summary.page).toMatchObject({ name: 'xMatters' });
      expect(summary.components?.map((c) => [c.vendorId, c.name, c.groupName, c.status])).toEqual(
        storedComponents?.map((c) => [c.vendorId, c.name, c.groupName, c.status]),
      );
      expect(summary.incidents).toEqual([]);

      // The JSON itself: Statuspage's field names, the page's offset, the postmortem update.
      const raw = (await (await fetch(`${base}/status/api/v2/incidents/${code}.json`)).json()) as { incident: Record<string, unknown> & { incident_updates: Record<string, unknown>[] } };
      expect(raw.incident.started_at).toBe('2018-01-23T14:16:00.000-08:00');
      expect(raw.incident.incident_updates[0]).toMatchObject({ status: 'postmortem', display_at: null, affected_components: null, created_at: '2018-01-25T14:16:00.000-08:00' });
      expect(raw.incident.incident_updates[3]?.affected_components).toBeNull(); // no component change

      // statuspage-feed: Atom and RSS carry updates to the minute and no components.
      for (const path of ['/status/history.atom', '/status/history.rss']) {
        const read = (await fetchSnapshot(base, path, 'statuspage-feed', now)).incidents;
        expect(read.map((i) => [i.vendorId, i.title])).toEqual([[code, stored.title]]);
        const back = read[0] as Incident;
        // A feed's paragraphs are `<br /><br />` (as in github__history.atom): its HTML keeps
        // them, its plain text keeps the lines only, so the words compare without blank lines.
        expect([path, updateFacts(back)]).toEqual([path, updateFacts(stored, oneLinePerParagraph)]);
        expect(back.updates.filter((u) => /<br ?\/?>\s*<br ?\/?>/.test(u.bodyHtml))).toHaveLength(1);
        expect([path, back.status, back.createdAt, back.monitoringAt, back.resolvedAt]).toEqual([path, stored.status, stored.createdAt, stored.monitoringAt, stored.resolvedAt]);
        expect(back.postmortem?.bodyText).toBe(stored.postmortem?.bodyText);
        expect(back.postmortem?.publishedAt).toBe(T0 + 2 * DAY);
      }

      // The incident report page: seed 001's elements in its order, times in the page's zone.
      const report = await fetch(`${base}/status/incidents/${code}`);
      expect(report.status).toBe(200);
      const text = (await report.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      const expected = [
        'Web Interface and Mobile Apps unavailable', 'Incident Report for xMatters',
        'Postmortem', 'Root cause: a database node failed', 'Posted 5 minutes ago. Jan 25, 2018 - 14:16 PST',
        'Resolved', 'This incident has been resolved.', 'Posted 1 day ago. Jan 23, 2018 - 15:46 PST',
        'Monitoring', 'Service restored; monitoring.', 'Jan 23, 2018 - 15:14 PST',
        'Identified', 'Failover in progress.', 'Jan 23, 2018 - 14:47 PST',
        'Identified', 'A failed database node was identified.', 'Jan 23, 2018 - 14:35 PST',
        'Investigating', 'We are investigating reports', 'Jan 23, 2018 - 14:16 PST',
        'This incident affected: North America (Web Interface, Mobile Apps) and Public API.',
      ];
      let from = 0;
      for (const piece of expected) {
        const found = text.indexOf(piece, from);
        expect([piece, found >= from]).toEqual([piece, true]);
        from = found + piece.length;
      }
      expect((await fetch(`${base}/status/incidents/zzzzzzzzzzzz`)).status).toBe(404);
    } finally {
      await app.close();
      await store.close();
    }
  });
}); // prettier-ignore

describe('statuswatch page: refusals', () => {
  it('names every bad field, unknown components and a missing page: section', async () => {
    const dir = testTempDir('sw-own-page-bad-');
    writeFileSync(join(dir, 'statuswatch.yaml'), YAML);
    const attempt = async (yaml: string, ...args: string[]) => {
      writeFileSync(join(dir, 'statuswatch.yaml'), yaml);
      const lines: string[] = [];
      const code = await main([...args, '--config', join(dir, 'statuswatch.yaml'), '--data-dir', dir], (l) => lines.push(l)); // prettier-ignore
      return { code, text: lines.join('\n') };
    };
    const bad = await attempt(
      YAML,
      'page',
      'incident',
      'open',
      '--title',
      '',
      '--impact',
      'huge',
      '--message',
      'x',
    );
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(/invalid_input: open incident: title: a title is required; impact: .*"none"\|"minor"\|"major"\|"critical"/); // prettier-ignore
    const unknown = await attempt(YAML, 'page', 'incident', 'open', '--title', 'T', '--message', 'M', '--component', 'db=major_outage'); // prettier-ignore
    expect(unknown.code).toBe(1);
    expect(unknown.text).toMatch(
      /no component "db" on this page \(components: web-interface, mobile, api\)/,
    );
    const missing = await attempt('providers: []\n', 'page', 'sync');
    expect(missing.code).toBe(1);
    expect(missing.text).toMatch(/no `page:` section in statuswatch.yaml/);
    const noSuch = await attempt(YAML, 'page', 'incident', 'resolve', 'aaaaaaaaaaaa');
    expect(noSuch.code).toBe(1);
    expect(noSuch.text).toMatch(/no incident "aaaaaaaaaaaa" on page "xmatters"/);
  });
});
