import { expect, it } from 'vitest';
import { describeInBrowser, expectCleanPage, openPage } from './_browser.ts';
import { GITHUB_INCIDENT, RAW_HOSTILE_INCIDENT } from './_seed.ts';

describeInBrowser('incident page in Chromium', ({ browser, server }) => {
  it('shows a GitHub incident with the right updates, duration, components and detection', async () => {
    const opened = await openPage(
      browser(),
      `${server().url}/providers/github/incidents/${GITHUB_INCIDENT}`,
    );
    const { page } = opened;
    expect(await page.locator('h1').textContent()).toBe('Incident On 2023-06-29');
    expect(await page.locator('.timeline > li').count()).toBe(8);
    expect(await page.locator('#timeline-title').textContent()).toBe(
      'Update timeline (8 updates, newest first)',
    );
    // Newest first, each with an anchor; the latest update is called out on top.
    const heads = await page.locator('.timeline > li .update-head').allInnerTexts();
    expect(heads[0]).toContain('Resolved');
    expect(await page.locator('.callout h2').innerText()).toMatch(/^Latest update · /);
    expect(await page.locator('.callout').innerText()).toContain('Resolved');
    const anchor = await page.locator('.timeline > li').first().getAttribute('id');
    expect(await page.locator(`.timeline a[href="#${anchor ?? ''}"]`).count()).toBe(1);
    await page.getByRole('link', { name: 'Show oldest first' }).click();
    expect(await page.locator('.timeline > li .update-head').first().innerText()).toContain(
      'Investigating',
    );
    await page.goBack();
    const facts = await page.locator('.facts').innerText();
    expect(facts).toContain('2023-06-29 17:52 UTC');
    expect(facts).toContain('2023-06-29 18:36 UTC');
    expect(facts).toMatch(/Duration\s+44m/);
    // Seen live three minutes after the first post: a real lag, not a copy of the start.
    expect(facts).toMatch(
      /First seen by statuswatch\s+2023-06-29 17:55 UTC \(3m after the vendor's first update\)/,
    );
    // Chips: current and worst status of each component.
    expect(await page.locator('.chips > li').count()).toBe(10);
    expect(await page.locator('.chips > li', { hasText: 'Git Operations' }).innerText()).toMatch(
      /Operational\s+worst: major outage/,
    );
    const summary = await page.locator('.summary').textContent();
    expect(summary).toContain('affecting Git Operations, API Requests and 8 more components');
    expect(summary).toContain('lasting 44m');
    const impact = page.locator('.badges .badge').first();
    expect(await impact.innerText()).toContain('Critical');
    expect(
      await page.getByRole('link', { name: 'View vendor source →' }).getAttribute('href'),
    ).toBe('https://www.githubstatus.com/incidents/gqx5l06jjxhp');
    await expectCleanPage(opened, 'incident-github');
  });

  it('shows times in the chosen zone, labelled', async () => {
    const opened = await openPage(
      browser(),
      `${server().url}/providers/github/incidents/${GITHUB_INCIDENT}?tz=Europe/Berlin`,
    );
    const facts = await opened.page.locator('.facts').innerText();
    expect(facts).toContain('2023-06-29 19:52 CEST');
    expect(await opened.page.locator('footer').innerText()).toContain('Europe/Berlin');
    await expectCleanPage(opened, 'incident-github-berlin');
  });

  it('is readable in dark mode (axe contrast included)', async () => {
    const opened = await openPage(
      browser(),
      `${server().url}/providers/github/incidents/${GITHUB_INCIDENT}`,
      { colorScheme: 'dark' },
    );
    const background = await opened.page.evaluate(
      'getComputedStyle(document.body).backgroundColor',
    );
    expect(background).toBe('rgb(13, 17, 23)');
    await expectCleanPage(opened, 'incident-github-dark');
  });

  for (const [name, id] of [
    ['sanitized at ingest', 'hostile00001'],
    ['stored raw', RAW_HOSTILE_INCIDENT],
  ] as const) {
    it(`renders hostile update bodies inert (${name})`, async () => {
      const opened = await openPage(browser(), `${server().url}/providers/hostile/incidents/${id}`);
      const { page } = opened;
      const title = await page.title();
      // Give any handler a chance to run: load errors, then a click on every link in a body.
      for (const link of await page.locator('.timeline a').all()) {
        await link
          .click({ modifiers: ['Alt'], noWaitAfter: true, trial: false })
          .catch(() => undefined);
      }
      await page.waitForTimeout(200);
      expect(
        await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      expect(await page.title()).toBe(title);
      expect(title).not.toBe('pwned');
      expect(title).toMatch(/ · statuswatch$/);
      const active = await page.evaluate(`({
        scripts: [...document.scripts].map((s) => s.src),
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
        frames: document.querySelectorAll('iframe, object, embed, svg, img, style').length,
      })`);
      expect(active).toEqual({
        scripts: [`${server().url}/static/app.js`],
        handlers: 0,
        jsLinks: 0,
        frames: 0,
      });
      // The escaped title shows the markup as text.
      if (id === 'hostile00001')
        expect(await page.locator('h1').textContent()).toContain('<script>');
      await expectCleanPage(opened, `incident-hostile-${id}`);
    });
  }

  it('answers an unknown incident with a 404 page', async () => {
    const { page, errors } = await openPage(
      browser(),
      `${server().url}/providers/github/incidents/nope`,
    );
    expect(await page.locator('h1').textContent()).toBe('Not found');
    // The browser logs the 404 status of the document itself; nothing else may fail.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});
