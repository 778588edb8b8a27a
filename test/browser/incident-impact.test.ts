import { expect, it } from 'vitest';
import { describeInBrowser, expectCleanPage, openPage, PHONE, scrollWidth } from './_browser.ts';
import { GITHUB_INCIDENT } from './_seed.ts';

/**
 * The vendor's-words block on the real GitHub capture test/fixtures/vendors/statuspage-v2/
 * github__incident-gqx5l06jjxhp.json, analysed at ingest. Its resolved update says "From
 * 17:39-18:12 UTC GitHub was down in parts of North America, …"; the first post is 17:52:11 and
 * the resolution 18:36, so impact is 33m, posted 44m, first post 13m after impact began.
 */
describeInBrowser('incident impact block in Chromium', ({ browser, server }) => {
  const path = () => `${server().url}/providers/github/incidents/${GITHUB_INCIDENT}`;

  it('shows the window from the words, how late the post was, and the sentence on demand', async () => {
    const opened = await openPage(browser(), path());
    const { page } = opened;
    const block = page.locator('section.impact');
    expect(await block.locator('h2').innerText()).toBe("From the vendor's words");
    expect(await block.locator('.impact-window').innerText()).toBe(
      "Impact (from the vendor's words): 2023-06-29 17:39 – 18:12 UTC (33m of impact; posted as 44m)",
    );
    expect(await block.locator('.impact-lag').innerText()).toBe('Posted 13m after impact began.');
    const quote = block.locator('details.impact-source blockquote');
    expect(await quote.isVisible()).toBe(false);
    await block.getByText('Where this was read').click();
    expect(await quote.isVisible()).toBe(true);
    expect(await quote.innerText()).toMatch(/^From 17:39-18:12 UTC GitHub was down/);
    await expectCleanPage(opened, 'incident-impact-open');
  });

  it('uses the chosen zone, and stays clean in dark mode', async () => {
    const opened = await openPage(browser(), `${path()}?tz=Europe/Berlin`, {
      colorScheme: 'dark',
    });
    expect(await opened.page.locator('.impact-window').innerText()).toContain(
      '2023-06-29 19:39 – 20:12 CEST',
    );
    await opened.page.getByText('Where this was read').click();
    await expectCleanPage(opened, 'incident-impact-berlin-dark');
  });

  it('fits a 390 px phone with the sentence open', async () => {
    const opened = await openPage(browser(), path(), PHONE);
    await opened.page.getByText('Where this was read').click();
    expect(await scrollWidth(opened.page)).toBe(390);
    await expectCleanPage(opened, 'incident-impact-phone');
  });
});
