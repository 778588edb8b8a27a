/**
 * The demo mid-outage in Chromium: the dashboard follows the scripted GitHub outage without a
 * reload, every page fits a phone, screenshots for a human to compare, and a page on another
 * origin reads /api/v2/summary.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/commands/demo.ts';
import { configSchema } from '../../src/config/schema.ts';
import { PHONE, describeInBrowser, openPage, screenshot, scrollWidth } from './_browser.ts';

interface Summary {
  status: { indicator: string };
  incidents: { id: string; incident_updates: { body: string }[] }[];
}

describeInBrowser('the demo mid-outage in Chromium', ({ browser }) => {
  let url = '';
  let dataDir = '';
  const controller = new AbortController();
  let running: Promise<number> | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'statuswatch-demo-browser-'));
    const lines: string[] = [];
    running = demoCommand.run({
      positionals: [],
      values: {},
      config: configSchema.parse({ dataDir, port: 0 }),
      signal: controller.signal,
      out: (line) => lines.push(line),
      store: () => Promise.reject(new Error('the demo opens its own store')),
    });
    url = await waitFor(() => /open (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1]);
    await waitFor(async () => ((await summary(url)).incidents.length > 0 ? true : undefined));
  }, 30_000);
  afterAll(async () => {
    controller.abort();
    await running;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the next update of the outage within 5 s of it being stored, without a reload', async () => {
    const { page } = await openPage(browser(), `${url}/`);
    await page.evaluate('window.__sameDocument = true');
    const seen = async () => (await summary(url)).incidents[0]?.incident_updates.length ?? 0;
    const before = await seen();
    // The demo posts one update every 20 s; its poller reads it within 5 s.
    const after = await waitFor(async () => ((await seen()) > before ? true : undefined), 40_000);
    expect(after).toBe(true);
    const storedAt = Date.now();
    const newest = (await summary(url)).incidents[0]?.incident_updates[0]?.body ?? '';
    const words = newest.replace(/\s+/g, ' ').trim().slice(0, 40);
    await page.locator('.card', { hasText: words }).waitFor({ timeout: 5_000 });
    expect(Date.now() - storedAt).toBeLessThan(5_000);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  }, 60_000);

  it('fits 390 px on every page type, and writes screenshots of the outage', async () => {
    const id = (await summary(url)).incidents[0]?.id.split('~')[1] ?? '';
    const pages: [string, string][] = [
      ['dashboard', '/'],
      ['provider', '/providers/github'],
      ['incident', `/providers/github/incidents/${id}`],
      ['incidents', '/incidents'],
      ['search', '/search?q=github'],
      ['api-docs', '/api/docs'],
    ];
    const widths: string[] = [];
    for (const [name, path] of pages) {
      const { page } = await openPage(browser(), url + path, PHONE);
      widths.push(`${name}: ${Math.min(await scrollWidth(page), 391)}`);
      await page.context().close();
    }
    expect(widths).toEqual(pages.map(([name]) => `${name}: 390`));
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        for (const [name, path] of pages.slice(0, 3).filter(([n]) => n !== 'provider')) {
          const device = width === 390 ? PHONE : { viewport: { width, height: 900 } };
          const { page } = await openPage(browser(), url + path, {
            ...device,
            colorScheme: scheme,
          });
          await screenshot(page, `demo-${name}-${width}-${scheme}`);
          await page.context().close();
        }
      }
    }
  }, 120_000);

  it('lets a page on another origin read /api/v2/summary.json with fetch()', async () => {
    const other = await serveOtherOrigin(url);
    try {
      const { page, errors } = await openPage(browser(), other.url);
      const status = page.locator('#status');
      await status.filter({ hasText: /^indicator: / }).waitFor({ timeout: 10_000 });
      expect(await status.textContent()).toMatch(/^indicator: (minor|major|critical)$/);
      expect(errors).toEqual([]);
    } finally {
      await new Promise((resolve) => other.server.close(resolve));
    }
  });
});

async function summary(base: string): Promise<Summary> {
  return (await (await fetch(`${base}/api/v2/summary.json`)).json()) as Summary;
}

/** A page on another port (another origin) that reads our summary as a status widget would. */
async function serveOtherOrigin(api: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html lang="en"><title>widget</title><p id="status">loading</p>
<script>fetch(${JSON.stringify(`${api}/api/v2/summary.json`)}).then((r) => r.json())
  .then((s) => { document.getElementById('status').textContent = 'indicator: ' + s.status.indicator; })
  .catch((e) => { document.getElementById('status').textContent = 'failed: ' + e; });</script></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
