import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStore } from '../src/storage/index.ts';
import {
  entityBomb,
  fixtureRoute,
  gzipBomb,
  hangUp,
  htmlErrorPage,
  hugeBody,
  malformedJson,
  malformedXml,
  redirectLoop,
  slowDrip,
  startFakeVendor,
  status,
  wrongContentType,
  type FakeVendor,
  type Route,
} from './fake-vendor.ts';
import { useTempDir } from './support/temp-dir.ts';

/** Each misbehaviour, the format the provider is watched as, and the error kind we must name. */
const CASES: [string, 'statuspage-v2' | 'statuspage-feed', () => Route, string][] = [
  ['slow-drip', 'statuspage-v2', () => slowDrip(100), 'timeout'],
  ['huge-body', 'statuspage-v2', () => hugeBody(8), 'too_large'],
  ['gzip-bomb', 'statuspage-v2', () => gzipBomb(64), 'too_large'],
  [
    'wrong-type',
    'statuspage-feed',
    () => wrongContentType('<html><body>status</body></html>'),
    'unsupported_format',
  ],
  ['redirect-loop', 'statuspage-v2', () => redirectLoop(), 'redirect_loop'],
  ['html-error', 'statuspage-v2', () => htmlErrorPage(503), 'http_status'],
  ['html-200', 'statuspage-v2', () => htmlErrorPage(200), 'parse'],
  ['bad-json', 'statuspage-v2', () => malformedJson(), 'parse'],
  ['bad-xml', 'statuspage-feed', () => malformedXml(), 'parse'],
  ['entity-bomb', 'statuspage-feed', () => entityBomb(), 'parse'],
  ['server-error', 'statuspage-v2', () => status(500), 'http_status'],
  ['hang-up', 'statuspage-v2', () => hangUp(), 'connect'],
];

let vendor: FakeVendor;
const dataDir = useTempDir('sw-misbehave-');
const configPath = join(dataDir, 'statuswatch.yaml');

async function cli(...args: string[]) {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dataDir, '--config', configPath], (l) =>
    lines.push(l),
  );
  return { code, text: lines.join('\n') };
}

beforeAll(async () => {
  vendor = await startFakeVendor();
  // 127.0.0.1 is allow-listed for the fake vendor; short timeouts keep the slow drip short.
  writeFileSync(
    configPath,
    'fetch:\n  allowList: ["127.0.0.1"]\n  timeoutSeconds: 1\n  maxBodyBytes: 5242880\n',
  );
  const good = '/good/api/v2/summary.json';
  vendor.route(
    good,
    fixtureRoute('vendors/statuspage-v2/github__summary.json', 'application/json'),
  );
  expect(
    (await cli('add', `${vendor.url}${good}`, '--format', 'statuspage-v2', '--slug', 'good')).code,
  ).toBe(0);
  for (const [slug, format] of CASES) {
    const path =
      format === 'statuspage-feed' ? `/${slug}/history.atom` : `/${slug}/api/v2/summary.json`;
    // First a real payload, so the source has earlier data that must survive its failure.
    vendor.route(
      path,
      format === 'statuspage-feed'
        ? fixtureRoute('vendors/statuspage-feed/github__history.atom', 'application/atom+xml')
        : fixtureRoute('vendors/statuspage-v2/github__summary.json', 'application/json'),
    );
    expect(
      (await cli('add', `${vendor.url}${path}`, '--format', format, '--slug', slug)).code,
    ).toBe(0);
  }
  expect((await cli('poll', '--once')).code).toBe(0);
}, 60_000);

afterAll(() => vendor.close());

describe('a misbehaving vendor', () => {
  it('gets the named error kind in statuswatch status, keeps its earlier data, and others keep polling', async () => {
    const store = await openStore({ databaseUrl: null, dataDir });
    const before = new Map<string, number>();
    for (const [slug] of CASES)
      before.set(slug, (await store.listIncidents({ providerSlug: slug })).length);
    await store.close();
    expect(before.get('bad-xml')).toBeGreaterThan(0);

    for (const [slug, format, route] of CASES) {
      const path =
        format === 'statuspage-feed' ? `/${slug}/history.atom` : `/${slug}/api/v2/summary.json`;
      vendor.route(path, route());
    }
    const rss0 = process.memoryUsage().rss;
    // Make everything due now: a fresh poll round after the previous one's schedule.
    const reopened = await openStore({ databaseUrl: null, dataDir });
    for (const r of await reopened.listProviders()) {
      await reopened.recordSourceStates([
        {
          providerSlug: r.provider.slug,
          source: { ...r.source, etag: null, lastModified: null, nextPollAt: 0 },
        },
      ]);
    }
    await reopened.close();
    const polled = await cli('poll', '--once');
    expect(polled.code).toBe(1); // some sources failed: the command says so
    expect(polled.text).toMatch(/good: not_modified|good: ingested/);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 2 ** 20);

    const status = await cli('status', '--json');
    const rows = JSON.parse(status.text) as {
      slug: string;
      lastErrorKind: string | null;
      consecutiveFailures: number;
    }[];
    for (const [slug, , , kind] of CASES) {
      expect(
        rows.find((r) => r.slug === slug),
        slug,
      ).toMatchObject({ lastErrorKind: kind, consecutiveFailures: 1 });
    }
    expect(rows.find((r) => r.slug === 'good')).toMatchObject({ consecutiveFailures: 0 });
    const table = await cli('status');
    expect(table.text).toMatch(/entity-bomb\s+failing: parse/);

    const after = await openStore({ databaseUrl: null, dataDir });
    for (const [slug] of CASES) {
      expect((await after.listIncidents({ providerSlug: slug })).length, slug).toBe(
        before.get(slug),
      );
    }
    const events = await after.listEvents(0, 1000);
    expect(
      events
        .filter((e) => e.kind === 'source_failed')
        .map((e) => e.providerSlug)
        .sort(),
    ).toEqual(CASES.map(([slug]) => slug).sort());
    await after.close();
  }, 60_000);
});
