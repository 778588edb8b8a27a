import { describe, expect, it } from 'vitest';
import { componentIdOf, pageConfigSchema } from './page-config.ts';

describe('the page: section', () => {
  it('fills defaults and derives component ids from names', () => {
    const page = pageConfigSchema.parse({
      name: 'xMatters',
      url: 'https://status.example.com',
      components: [{ name: 'Web Interface', group: 'North America' }],
    });
    expect(page).toMatchObject({ slug: 'status', timeZone: 'Etc/UTC' });
    expect(page.components.map(componentIdOf)).toEqual(['web-interface']);
  });

  it('refuses an unknown zone, a misspelt key and two components with one id, with their paths', () => {
    const result = pageConfigSchema.safeParse({
      name: 'x',
      url: 'https://status.example.com',
      timeZone: 'Mars/Olympus',
      components: [{ name: 'API' }, { name: 'api' }, { name: 'Web', grup: 'EU' }],
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toEqual([
      expect.stringMatching(/^timeZone: an IANA time zone/),
      expect.stringMatching(/^components\.2: Unrecognized key: "grup"/),
      'components.1: component id "api" appears twice (give one an explicit id)',
    ]);
    const dup = pageConfigSchema.safeParse({ name: 'x', url: 'https://s.example.com', components: [{ name: 'API' }, { name: 'api' }] }); // prettier-ignore
    expect(dup.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'components.1: component id "api" appears twice (give one an explicit id)',
    ]);
  });
});
