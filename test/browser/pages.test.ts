import { expect, it } from 'vitest';
import { describeInBrowser, expectCleanPage, openPage } from './_browser.ts';

describeInBrowser('pages in Chromium', ({ browser, server }) => {
  it('dashboard: worst first, failing and stale sources never shown as operational', async () => {
    const opened = await openPage(browser(), `${server().url}/`);
    const { page } = opened;
    const rows = page.locator('#providers > li');
    const names = (await rows.locator('h2').allTextContents()).map((n) => n.trim());
    expect(names).toEqual([
      'GitHub',
      'OpenAI',
      'Broken Vendor',
      'GitHub (feed)',
      'Hostile Example',
    ]);
    const status = async (name: string) =>
      (
        await rows
          .filter({ has: page.getByRole('heading', { name, exact: true }) })
          .locator('.card-head .badge')
          .innerText()
      ).trim();
    expect(await status('GitHub (feed)')).toContain('Stale data');
    expect(await status('Broken Vendor')).toContain('Source failing');
    expect(await status('Hostile Example')).toContain('Operational');
    expect(await rows.filter({ hasText: 'OpenAI' }).innerText()).toContain(
      'Support chat unavailable',
    );
    // The answer first: who has open incidents, how bad, since when; who cannot be read. GitHub's
    // open incident (no word since 2022) is stale: its card notes it, the banner leaves it out.
    const banner = await page.locator('.banner').innerText();
    expect(banner).toMatch(/^1 vendor has open incidents: OpenAI \(/);
    expect(await rows.first().innerText()).toMatch(/stale: no word since .*2022/);
    expect(banner).toContain('Cannot tell for Broken Vendor, GitHub (feed)');
    expect(await rows.first().locator('.bar').count()).toBe(90);
    await expectCleanPage(opened, 'dashboard');
  });

  it('dashboard: the filter box narrows rows as you type, and by form without JavaScript', async () => {
    const opened = await openPage(browser(), `${server().url}/`);
    await opened.page.getByRole('searchbox', { name: 'Filter vendors' }).fill('open');
    expect(await opened.page.locator('#providers > li:visible h2').allTextContents()).toEqual([
      'OpenAI',
    ]);
    const noJs = await openPage(browser(), `${server().url}/?filter=github`, {
      javaScriptEnabled: false,
    });
    expect(await noJs.page.locator('#providers > li h2').allTextContents()).toEqual([
      'GitHub',
      'GitHub (feed)',
    ]);
    expect(noJs.errors).toEqual([]);
  });

  it('dashboard: keyboard users reach the skip link first and then the content', async () => {
    const { page } = await openPage(browser(), `${server().url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
  });

  it('provider page: components by group, open incident, figures, history and vendor link', async () => {
    const opened = await openPage(browser(), `${server().url}/providers/github`);
    const { page } = opened;
    expect(await page.locator('h1').textContent()).toBe('GitHub');
    // GitHub's "Visit www.githubstatus.com…" row is a notice, not a component.
    expect(await page.locator('.components li').count()).toBe(10);
    expect(await page.locator('.components').innerText()).not.toContain('Visit www');
    expect(await page.locator('.components li', { hasText: 'Packages' }).innerText()).toContain(
      'Partial outage',
    );
    expect(await page.locator('section[aria-labelledby="open-title"]').innerText()).toContain(
      'Incident with Packages and Pages',
    );
    expect(
      await page.locator('section[aria-labelledby="history-title"] .incident-list > li').count(),
    ).toBe(5);
    expect(await page.locator('.figures thead').innerText()).toMatch(/Last 30 days\s+Last 90 days/);
    expect(await page.getByRole('link', { name: 'Vendor status page' }).getAttribute('href')).toBe(
      'https://www.githubstatus.com',
    );
    await expectCleanPage(opened, 'provider-github');
  });

  it('incidents page: filters by impact across providers', async () => {
    const opened = await openPage(browser(), `${server().url}/incidents?impact=critical`);
    const titles = await opened.page.locator('.incident-list .incident-title').allTextContents();
    expect(titles).toEqual(['Incident On 2023-06-29', 'Notifications degredation']);
    expect(await opened.page.locator('select[name="impact"]').inputValue()).toBe('critical');
    await expectCleanPage(opened, 'incidents-critical');
  });

  it('search page: highlighted snippets from update bodies', async () => {
    const opened = await openPage(browser(), `${server().url}/search?q=pathing+configuration`);
    const { page } = opened;
    expect(await page.getByRole('status').textContent()).toMatch(/^1 incident matches/);
    expect(await page.locator('.search-results .incident-title').textContent()).toBe(
      'Incident On 2023-06-29',
    );
    expect(
      (await page.locator('.snippet mark').allTextContents()).map((t) => t.toLowerCase()),
    ).toContain('pathing');
    await expectCleanPage(opened, 'search');
  });

  it('API docs page lists every documented route', async () => {
    const opened = await openPage(browser(), `${server().url}/api/docs`);
    expect(await opened.page.locator('.api-route').count()).toBeGreaterThanOrEqual(19);
    expect(await opened.page.locator('h2', { hasText: 'GET /api/v2/summary.json' }).count()).toBe(
      1,
    );
    await expectCleanPage(opened, 'api-docs');
  });
});
