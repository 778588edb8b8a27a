import { describe, expect, it } from 'vitest';
import { alternateLinks } from './detect-source.ts';

describe('alternateLinks', () => {
  it('finds feed links in a status page and makes them absolute', () => {
    const html = `<head><link rel="alternate" type="application/atom+xml" href="/history.atom">
      <link rel="stylesheet" href="/x.css"><link href='https://s.test/history.rss?a=1&amp;b=2' rel='alternate' type='application/rss+xml'></head>`;
    expect(alternateLinks(html, 'https://s.test/')).toEqual([
      'https://s.test/history.atom',
      'https://s.test/history.rss?a=1&b=2',
    ]);
  });
});
