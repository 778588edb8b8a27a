import { expect, it } from 'vitest';
import { PHONE, describeInBrowser, expectCleanPage, openPage, scrollWidth } from './_browser.ts';

/**
 * The provider page's 90-day bars per component, on the seed's real GitHub capture
 * (test/fixtures/vendors/statuspage-v2/github__summary.json), polled again at the seed's "now":
 * its open "Incident with Packages and Pages" has had no word since 2022-11-25, so it is set
 * aside (stale) and hits neither component in the last 90 days; Packages, still listed in
 * partial outage by that poll, is hit today only (major); the other nine are not hit.
 */
describeInBrowser('provider page: 90-day bars per component in Chromium', ({ browser, server }) => {
  const path = () => `${server().url}/providers/github`;
  const row = (name: string) => `.components li:has(.component-head span:text-is("${name}"))`;

  it('gives each component 90 bars, coloured, sized and labelled by the worst impact', async () => {
    const opened = await openPage(browser(), path());
    const { page } = opened;
    expect(await page.locator('.components li').count()).toBe(10);
    expect(await page.locator('.components li .day-bars').count()).toBe(10);
    // Alike days in a row share one element and tooltip; each day stays a bar of its own.
    expect(await page.locator(`${row('Packages')} .bars i`).count()).toBe(90);
    expect(await page.locator(`${row('Git Operations')} .bars i`).count()).toBe(90);
    // The text a screen reader gets, and a tooltip per run of alike days.
    expect(await page.locator(`${row('Packages')} figcaption`).textContent()).toBe(
      'Packages, last 90 days: 90 days: 1 with incidents, worst major',
    );
    expect(await page.locator(`${row('Git Operations')} figcaption`).textContent()).toBe(
      'Git Operations, last 90 days: 90 days: no incidents',
    );
    const run = (name: string) => page.locator(`${row(name)} .run`).last();
    expect(await run('Packages').getAttribute('title')).toBe('2026-09-29: major');
    expect(await run('Pages').getAttribute('title')).toBe(
      '2026-07-02 – 2026-09-29: no incident (90 days)',
    );
    expect(await run('Git Operations').getAttribute('title')).toBe(
      '2026-07-02 – 2026-09-29: no incident (90 days)',
    );
    // Never by colour alone: a worse day is also a taller bar.
    const height = async (name: string) =>
      (
        await page
          .locator(`${row(name)} .bars i`)
          .last()
          .boundingBox()
      )?.height ?? 0;
    expect(await height('Packages')).toBeGreaterThan(await height('Git Operations'));
    expect(await page.locator(`${row('Packages')} .bars`).getAttribute('aria-hidden')).toBe('true');
    await expectCleanPage(opened, 'component-bars-1280-light');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`fits a 390 px phone with no sideways scroll, axe-clean (${scheme})`, async () => {
      const opened = await openPage(browser(), path(), { ...PHONE, colorScheme: scheme });
      expect(await scrollWidth(opened.page)).toBeLessThanOrEqual(390);
      const strip = await opened.page.locator(`${row('Packages')} .bars`).boundingBox();
      expect((strip?.x ?? Infinity) + (strip?.width ?? 0)).toBeLessThanOrEqual(390);
      await expectCleanPage(opened, `component-bars-390-${scheme}`);
    });
  }
});
