import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  PHONE,
  browserMissingReason,
  expectCleanPage,
  launchChromium,
  openPage,
  scrollWidth,
} from './_browser.ts';
import { readSeed001, startOwnPageServer, type OwnPageServer } from './_own-page-server.ts';

/**
 * Issue 12, acceptance 3: `/status/incidents/<code>` in Chromium shows the elements of seed 001
 * in the seed's order (title, "Incident Report for xMatters", the postmortem on top, the updates
 * newest first each "Posted 7 months ago. Jan 23, 2018 - 14:16 PST" in the page's zone, then
 * "This incident affected: …"), axe clean, and no sideways scrolling at 390 px.
 */
const missing = browserMissingReason();
if (missing !== null) console.warn(`skipping the own page report in Chromium: ${missing}`);

describe.skipIf(missing !== null && !process.env.CI)('the own incident report in Chromium', () => {
  let browser: Browser | null = null;
  let server: OwnPageServer | null = null;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startOwnPageServer()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  const started = () => {
    if (browser === null || server === null) throw new Error('not started');
    return { browser, server };
  };

  it("shows seed 001's elements in the seed's order, times in the page's zone", async () => {
    const { browser, server } = started();
    const seed = readSeed001();
    const opened = await openPage(browser, `${server.url}/status/incidents/${server.code}`);
    const { page } = opened;
    expect(await page.locator('h1').innerText()).toBe(seed.title);
    const text = flat(await page.locator('main').innerText());
    const expected = [
      seed.title,
      seed.reportFor,
      // The postmortem's opening words, then its stamp: on top of every update.
      flat(seed.postmortem.text).slice(0, 120),
      seed.postmortem.posted,
      ...seed.updates.flatMap((u) => [flat(u.text), u.posted]),
      seed.affected,
    ];
    let from = 0;
    for (const piece of expected) {
      const at = text.indexOf(flat(piece), from);
      expect([piece, at >= from]).toEqual([piece, true]);
      from = at + flat(piece).length;
    }
    // Every stamp is the seed's, in its order: newest first, "PST" in the page's zone.
    const stamps = await page.locator('.own-posted').allInnerTexts();
    expect(stamps.map(flat)).toEqual([seed.postmortem.posted, ...seed.updates.map((u) => u.posted)]);
    await expectCleanPage(opened, 'own-incident-report');
  });

  it('fits a 390 px phone without sideways scrolling, in both colour schemes', async () => {
    const { browser, server } = started();
    for (const colorScheme of ['light', 'dark'] as const) {
      const opened = await openPage(browser, `${server.url}/status/incidents/${server.code}`, { ...PHONE, colorScheme });
      expect(await scrollWidth(opened.page)).toBeLessThanOrEqual(390);
      await expectCleanPage(opened, `own-incident-report-390-${colorScheme}`);
      await opened.page.context().close();
    }
  });
}); // prettier-ignore

/** Whitespace as the reader sees it: runs of spaces and line breaks are one space. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
