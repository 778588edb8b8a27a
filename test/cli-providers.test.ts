import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { testTempDir } from './support/temp-dir.ts';

/** Runs the CLI in-process against a fresh data dir; returns exit code and printed lines. */
function cli(dataDir: string) {
  return async (...args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--data-dir', dataDir], (l) => lines.push(l));
    return { code, lines, text: lines.join('\n') };
  };
}

describe('statuswatch add / list / remove', () => {
  it('adds a provider with a given format and lists it', async () => {
    const run = cli(testTempDir('sw-cli-'));
    const added = await run(
      'add',
      'https://status.example.com',
      '--format',
      'statuspage-v2',
      '--name',
      'Example',
    );
    expect(added.code).toBe(0);
    expect(added.text).toContain('added example (Example) as statuspage-v2');
    const listed = await run('list');
    expect(listed.code).toBe(0);
    expect(listed.text).toMatch(/example\s+Example\s+statuspage-v2/);
    const json = await run('list', '--json');
    expect(JSON.parse(json.text)).toMatchObject([
      { slug: 'example', sourceUrl: 'https://status.example.com/api/v2/summary.json' },
    ]);
  });

  it.each([
    [['add', 'not a url', '--format', 'statuspage-v2'], /bad_url: .*neither a URL nor a vendor/],
    [['add', 'https://exa mple.com', '--format', 'statuspage-v2'], /bad_url: not a URL/],
    [['add', 'https://status.example.com', '--format', 'rss9'], /unknown format "rss9"/],
    [['add', 'ftp://status.example.com', '--format', 'statuspage-v2'], /only http and https/],
  ])('refuses %j with one line and leaves the store unchanged', async (args, message) => {
    const run = cli(testTempDir('sw-cli-'));
    await run(
      'add',
      'https://status.example.com',
      '--format',
      'statuspage-v2',
      '--name',
      'Example',
    );
    const before = (await run('list', '--json')).text;
    const r = await run(...args);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.text).toMatch(message);
    expect((await run('list', '--json')).text).toBe(before);
  });

  it('names a filesystem failure as a kind in its one line (a data dir under a file)', async () => {
    const lines: string[] = [];
    const code = await main(['list', '--data-dir', '/dev/null/x'], (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines).toEqual([
      'statuswatch list: storage: cannot create /dev/null/x: /dev/null is not a folder',
    ]);
  });

  it('refuses a duplicate slug and keeps the first provider', async () => {
    const run = cli(testTempDir('sw-cli-'));
    await run(
      'add',
      'https://status.example.com',
      '--format',
      'statuspage-v2',
      '--name',
      'Example',
    );
    const dup = await run(
      'add',
      'https://other.example.org',
      '--format',
      'statuspage-feed',
      '--slug',
      'example',
    );
    expect(dup.code).toBe(1);
    expect(dup.text).toMatch(/^statuswatch add: conflict: .*"example"/);
    const list = JSON.parse((await run('list', '--json')).text) as { pageUrl: string }[];
    expect(list.map((p) => p.pageUrl)).toEqual(['https://status.example.com']);
  });

  it('removes a provider, and says so when there is none', async () => {
    const run = cli(testTempDir('sw-cli-'));
    await run(
      'add',
      'https://status.example.com',
      '--format',
      'statuspage-v2',
      '--name',
      'Example',
    );
    expect((await run('remove', 'example')).code).toBe(0);
    const again = await run('remove', 'example');
    expect(again.code).toBe(1);
    expect(again.text).toMatch(/not_found/);
  });

  it('answers usage errors with exit code 2 and no stack trace', async () => {
    const run = cli(testTempDir('sw-cli-'));
    const r = await run('add');
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/missing status page URL/);
    const unknown = await run('list', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.text).not.toMatch(/\n\s+at /);
    const cmd = await main(['frobnicate'], () => undefined);
    expect(cmd).toBe(2);
  });

  it('fails at start on a bad configuration key, naming it', async () => {
    const lines: string[] = [];
    const code = await main(['list', '--port', 'eighty'], (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/config: .*port/);
  });
});
