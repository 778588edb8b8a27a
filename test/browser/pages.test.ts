import { expect, it } from 'vitest';
import { describeInBrowser, expectCleanPage, openPage } from './_browser.ts';

describeInBrowser('pages in Chromium', ({ browser, server }) => {
  it('dashboard: worst first, failing and stale sources never shown as operational', async () => {
    const opened = await openPage(browser(), `${server().url}/`);
    const { page } = opened;
    const rows = page.locator('#providers tbody tr');
    const names = await rows.locator('th').allTextContents();
    expect(names).toEqual([
      'GitHub',
      'OpenAI',
      'Broken Vendor',
      'GitHub (feed)',
      'Hostile Example',
    ]);
    const status = async (name: string) =>
      (await rows.filter({ hasText: name }).locator('td').first().innerText()).trim();
    expect(await status('GitHub (feed)')).toContain('Stale data');
    expect(await status('Broken Vendor')).toContain('Source failing');
    expect(await status('Hostile Example')).toContain('Operational');
    expect(await rows.filter({ hasText: 'OpenAI' }).innerText()).toContain(
      'Support chat unavailable',
    );
    expect(await page.locator('.headline').textContent()).toContain('4 of 5 providers');
    await expectCleanPage(opened, 'dashboard');
  });

  it('dashboard: the filter box narrows rows as you type, and by form without JavaScript', async () => {
    const opened = await openPage(browser(), `${server().url}/`);
    await opened.page.getByLabel('Filter providers').fill('open');
    expect(await opened.page.locator('#providers tbody tr:visible th').allTextContents()).toEqual([
      'OpenAI',
    ]);
    const noJs = await openPage(browser(), `${server().url}/?filter=github`, {
      javaScriptEnabled: false,
    });
    expect(await noJs.page.locator('#providers tbody th').allTextContents()).toEqual([
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
    expect(await page.locator('.components li').count()).toBe(11);
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
