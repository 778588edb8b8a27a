import { describe, expect, it } from 'vitest';
import { isStatuswatchError, pageUrlOf, sourceUrlFor } from '../domain/index.ts';
import { planProvider, slugFor } from './plan-provider.ts';

describe('planProvider', () => {
  it('builds a provider from a page URL and a format without fetching', () => {
    const p = planProvider(
      { url: 'https://status.example.com', format: 'statuspage-v2', name: 'Example' },
      5,
    );
    expect(p).toMatchObject({
      slug: 'example',
      name: 'Example',
      pageUrl: 'https://status.example.com',
      sourceUrl: 'https://status.example.com/api/v2/summary.json',
      format: 'statuspage-v2',
      createdAt: 5,
    });
  });

  it('keeps a URL that already names the payload', () => {
    const url = new URL('https://www.githubstatus.com/history.rss');
    expect(sourceUrlFor(url, 'statuspage-feed')).toBe('https://www.githubstatus.com/history.rss');
    expect(pageUrlOf(url)).toBe('https://www.githubstatus.com');
  });

  it.each([
    ['not a url', 'bad_url'],
    ['ftp://status.example.com', 'bad_url'],
    ['javascript:alert(1)', 'bad_url'],
  ])('refuses %s with %s', (url, kind) => {
    expect(() => planProvider({ url, format: 'statuspage-v2' }, 0)).toThrow(
      expect.objectContaining({ kind }) as Error,
    );
  });

  it('refuses an unknown format and names the known ones', () => {
    try {
      planProvider({ url: 'https://x.test', format: 'rss2' }, 0);
      expect.unreachable();
    } catch (e) {
      expect(isStatuswatchError(e, 'invalid_input')).toBe(true);
      expect((e as Error).message).toContain('statuspage-feed');
    }
  });

  it('derives slugs from names and hosts', () => {
    expect(slugFor('www.githubstatus.com')).toBe('githubstatus');
    expect(slugFor('status.openai.com')).toBe('openai');
    expect(slugFor('Acme Cloud!')).toBe('acme-cloud');
    expect(slugFor('!!!')).toBe('provider');
  });
});
