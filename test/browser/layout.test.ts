import { expect, it } from 'vitest';
import { PHONE, axeViolations, describeInBrowser, openPage, scrollWidth } from './_browser.ts';
import { GITHUB_INCIDENT } from './_seed.ts';

/** Every page type, on the seed (GitHub's imported history, a feed, a hostile feed). */
const PAGES: [string, string][] = [
  ['dashboard', '/'],
  ['provider', '/providers/github'],
  ['provider-feed', '/providers/githubstatus'],
  ['incident', `/providers/github/incidents/${GITHUB_INCIDENT}`],
  ['incidents', '/incidents'],
  ['search', '/search?q=datab*'],
  ['api-docs', '/api/docs'],
  ['bad-filter', '/incidents?since=yesterday'],
  ['not-found', '/providers/nope'],
];

describeInBrowser('layout and accessibility in Chromium', ({ browser, server }) => {
  for (const [name, path] of PAGES) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${name} (${scheme}): fits 390 px, no axe violations at 390 or 1280 px`, async () => {
        const problems: string[] = [];
        for (const width of [390, 1280]) {
          const device = width === 390 ? PHONE : { viewport: { width, height: 900 } };
          const { page, errors } = await openPage(browser(), server().url + path, {
            ...device,
            colorScheme: scheme,
          });
          const wide = await scrollWidth(page);
          if (width === 390 && wide > 390) problems.push(`${wide} px wide`);
          for (const v of await axeViolations(page)) problems.push(`${width}: ${v}`);
          // A 400 or 404 page logs its status as a console error: that is the point of it.
          problems.push(...errors.filter((e) => !/status of 40\d/.test(e)));
          await page.context().close();
        }
        expect(problems).toEqual([]);
      }, 60_000);
    }
  }
});
