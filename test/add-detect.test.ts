import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { detectSource } from '../src/ingest/detect-source.ts';
import {
  fixtureRoute,
  neverAnswers,
  startFakeVendor,
  staticRoute,
  type FakeVendor,
} from './fake-vendor.ts';
import { useTempDir } from './support/temp-dir.ts';

let vendor: FakeVendor;
const dir = useTempDir('sw-detect-');
const allowConfig = join(dir, 'allow.yaml');

async function cli(config: string | null, ...args: string[]) {
  const lines: string[] = [];
  const extra = config === null ? [] : ['--config', config];
  const code = await main([...args, '--data-dir', join(dir, 'data'), ...extra], (l) =>
    lines.push(l),
  );
  return { code, text: lines.join('\n') };
}

beforeAll(async () => {
  vendor = await startFakeVendor();
  writeFileSync(allowConfig, 'fetch:\n  allowList: ["127.0.0.1"]\n');
  vendor.route(
    '/json/api/v2/summary.json',
    fixtureRoute('vendors/statuspage-v2/github__summary.json', 'application/json'),
  );
  vendor.route(
    '/json/history.atom',
    fixtureRoute('vendors/statuspage-feed/github__history.atom', 'application/atom+xml'),
  );
  vendor.route(
    '/atom/history.atom',
    fixtureRoute('vendors/statuspage-feed/github__history.atom', 'application/atom+xml'),
  );
  vendor.route(
    '/rss/history.rss',
    fixtureRoute('vendors/statuspage-feed/digitalocean__history.rss', 'application/rss+xml'),
  );
  vendor.route(
    '/oai/api/v2/summary.json',
    fixtureRoute('vendors/incidentio/openai__api-v2-summary.json', 'application/json'),
  );
  vendor.route(
    '/linked',
    staticRoute(
      '<html><head><link rel="alternate" type="application/atom+xml" href="/feeds/status.atom"></head></html>',
      'text/html',
    ),
  );
  vendor.route(
    '/feeds/status.atom',
    fixtureRoute('vendors/statuspage-feed/streamyard__history.atom', 'application/atom+xml'),
  );
  vendor.route('/nothing', staticRoute('<html><body>no status here</body></html>', 'text/html'));
  vendor.route('/silent/api/v2/summary.json', neverAnswers());
});
afterAll(() => vendor.close());

describe('statuswatch add auto-detection', () => {
  it('prefers Statuspage JSON and prints the components it found', async () => {
    const r = await cli(allowConfig, 'add', `${vendor.url}/json`, '--slug', 'gh');
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      `added gh (GitHub) as statuspage-v2: ${vendor.url}/json/api/v2/summary.json`,
    );
    expect(r.text).toMatch(/components \(\d+\):/);
    expect(r.text).toContain('Git Operations: operational');
  });

  it.each([
    ['atom', 'statuspage-feed', '/atom/history.atom'],
    ['rss', 'statuspage-feed', '/rss/history.rss'],
    ['oai', 'incidentio', '/oai/api/v2/summary.json'],
    ['linked', 'statuspage-feed', '/feeds/status.atom'],
  ])('finds the %s page as %s', async (slug, format, path) => {
    const r = await cli(allowConfig, 'add', `${vendor.url}/${slug}`, '--slug', slug);
    expect(r.code).toBe(0);
    expect(r.text).toContain(`as ${format}: ${vendor.url}${path}`);
  });

  it('fails with the reason of every probe when no format is served, and adds nothing', async () => {
    const r = await cli(allowConfig, 'add', `${vendor.url}/nothing`, '--slug', 'nothing');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /^statuswatch add: unsupported_format: no supported status page format at .*summary\.json: http_status/,
    );
    expect((await cli(allowConfig, 'list')).text).not.toContain('nothing');
  });

  it('names the network failure when every probe failed the same way on the network', async () => {
    // Port 1 on loopback: nothing listens, so every probe is refused the same way.
    const r = await cli(allowConfig, 'add', 'http://127.0.0.1:1/', '--slug', 'unreachable');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /^statuswatch add: connect: http:\/\/127\.0\.0\.1:1 could not be reached: .*connection refused/,
    );
  });

  it('refuses a loopback page with blocked_address under default settings', async () => {
    const r = await cli(null, 'add', `${vendor.url}/json`, '--slug', 'blocked');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/blocked_address/);
    expect(vendor.hits('/json/api/v2/summary.json')).toBe(1); // only the allowed add above
  });

  it('gives up by its deadline with the reason', async () => {
    const fetcher = createFetcher({ allowList: ['127.0.0.1'] });
    const t0 = performance.now();
    await expect(detectSource(fetcher, `${vendor.url}/silent`, 500)).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(performance.now() - t0).toBeLessThan(3000);
    await fetcher.close();
  });
});
