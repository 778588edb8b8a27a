import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postsInPageText } from './_page-text.ts';

const seed = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/seeds/${name}`, import.meta.url), 'utf8');
const summary = (name: string) =>
  postsInPageText(seed(name)).map((p) => [
    p.status,
    p.postedAt === null ? null : new Date(p.postedAt).toISOString().slice(0, 16),
  ]);

describe('posts of an incident page copied as text', () => {
  it('reads "Posted 7 months ago. Jan 23, 2018 - 14:16 PST" lines (seed 001)', () => {
    expect(summary('001_57f9844ef91e9bba.txt')).toEqual([
      ['update', '2018-01-23T22:16'], // 14:16 PST
      ['update', '2018-01-23T22:33'],
      ['update', '2018-01-23T22:42'],
      ['update', '2018-01-23T22:54'],
      ['resolved', '2018-01-23T23:25'], // the last post before the one days later
      ['postmortem', '2018-01-27T02:39'], // "Jan 26, 2018 - 18:39 PST"
    ]);
  });

  it('reads "Posted Jan 27, 2022 - 10:17 CET" lines (seed 004)', () => {
    const posts = summary('004_100a860a031c690d.txt');
    expect(posts[0]).toEqual(['update', '2022-01-27T09:17']);
    expect(posts.at(-2)).toEqual(['resolved', '2022-01-27T10:10']); // 11:10 CET
    expect(posts.at(-1)).toEqual(['postmortem', '2022-02-04T15:55']); // Feb 04, 16:55 CET
  });

  it('reads a numbered timeline with its status words (seed 000)', () => {
    expect(summary('000_f87abcca5c8d1200.txt')).toEqual([
      ['investigating', '2023-11-08T19:26'],
      ['identified', '2023-11-08T19:36'],
      ['identified', '2023-11-08T19:38'],
      ['monitoring', '2023-11-08T19:38'],
      ['resolved', '2023-11-08T19:45'],
      ['postmortem', '2023-11-28T23:16'],
    ]);
    // The postmortem post keeps its body: "**What happened?** On November 9, 2023, …"
    expect(postsInPageText(seed('000_f87abcca5c8d1200.txt')).at(-1)?.text).toMatch(
      /^\*\*What happened\?\*\* On November 9, 2023/,
    );
  });

  it('finds nothing in a postmortem without posts (seed 002)', () => {
    expect(postsInPageText(seed('002_27b21de812184c81.txt'))).toEqual([]);
  });
});
