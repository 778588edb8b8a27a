/**
 * Chromium test helpers: a seeded server on 127.0.0.1, a page that records console errors,
 * an axe-core check and screenshots under test-results/ (not committed).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withIngestNotices } from '../../src/ingest/ingest-notifier.ts';
import { openSqliteStore } from '../../src/storage/sqlite-store.ts';
import { createWebServer } from '../../src/web/server.ts';
import { SEED_NOW, seedStore } from './_seed.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../test-results/browser/', import.meta.url);

/** Why browser tests cannot run here, or null. In CI a missing browser is a failure instead. */
export function browserMissingReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `${CHROMIUM_PATH} not found (apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface SeededServer {
  url: string;
  close(): Promise<void>;
}

export async function startSeededServer(): Promise<SeededServer> {
  const raw = await openSqliteStore(':memory:');
  const notices = withIngestNotices(raw);
  const store = notices.store;
  await seedStore(store);
  const app = createWebServer({
    store,
    onIngest: (listener) => notices.onIngest(listener),
    clock: () => SEED_NOW,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await raw.close();
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response === null) throw new Error(`no response for ${url}`);
  return { page, errors };
}

/** axe violations of any impact under WCAG 2.1 A and AA, as "rule: target" lines (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern, so the
  // page keeps its real policy while being checked.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(options: unknown): Promise<AxeResult> };
      }
    ).axe;
    return axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface BrowserSuite {
  browser: () => Browser;
  server: () => SeededServer;
}

/**
 * A describe block with one Chromium and one seeded server. Without Chromium it is skipped with
 * a printed reason, except in CI (CI set), where that is a failure.
 */
export function describeInBrowser(name: string, body: (suite: BrowserSuite) => void): void {
  const missing = browserMissingReason();
  if (missing !== null) {
    if (process.env.CI) {
      describe(name, () => {
        it('has Chromium (required when CI is set)', () => {
          throw new Error(missing);
        });
      });
    } else {
      console.warn(`skipping browser tests "${name}": ${missing}`);
      describe.skip(name, () => {
        body({ browser: unavailable, server: unavailable });
      });
    }
    return;
  }
  describe(name, () => {
    let browser: Browser | null = null;
    let server: SeededServer | null = null;
    beforeAll(async () => {
      [browser, server] = await Promise.all([launchChromium(), startSeededServer()]);
    });
    afterAll(async () => {
      await Promise.all([browser?.close(), server?.close()]);
    });
    body({
      browser: () => browser ?? unavailable(),
      server: () => server ?? unavailable(),
    });
  });
}

/** The checks every page gets: no console errors, no axe violations at all, a screenshot. */
export async function expectCleanPage(opened: OpenedPage, name: string): Promise<void> {
  await screenshot(opened.page, name);
  expect(opened.errors).toEqual([]);
  expect(await axeViolations(opened.page)).toEqual([]);
}

/** The page's full width: on a phone it must not exceed the screen (no sideways scrolling). */
export async function scrollWidth(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth'));
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

function unavailable(): never {
  throw new Error('browser suite not started');
}
