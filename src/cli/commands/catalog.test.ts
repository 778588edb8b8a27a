import { describe, expect, it } from 'vitest';
import type { Config } from '../../config/index.ts';
import { isStatuswatchError } from '../../domain/index.ts';
import { UsageError, type CommandContext } from '../command.ts';
import { catalogCommand } from './catalog.ts';

/** A context whose config and store throw: the catalog must need neither. */
function fakeContext(positionals: string[], values: CommandContext['values'] = {}) {
  const lines: string[] = [];
  const ctx: CommandContext = {
    positionals,
    values,
    get config(): Config {
      throw new Error('catalog must not read the config');
    },
    store: () => Promise.reject(new Error('catalog must not open the store')),
    out: (line) => lines.push(...line.split('\n')),
    signal: new AbortController().signal,
  };
  return { ctx, lines };
}

async function run(positionals: string[], values: CommandContext['values'] = {}) {
  const { ctx, lines } = fakeContext(positionals, values);
  const code = await catalogCommand.run(ctx);
  return { code, lines };
}

describe('catalog search', () => {
  it('prints a NAME / PLATFORM / URL table with the best match first', async () => {
    const { code, lines } = await run(['search', 'github']);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^NAME\s+PLATFORM\s+URL$/);
    expect(lines[1]).toMatch(/^Github\s+statuspage\s+https:\/\/www\.githubstatus\.com$/);
  });

  it('joins several words into one query', async () => {
    const { lines } = await run(['search', 'google', 'cloud']);
    expect(lines[1]).toContain('https://status.cloud.google.com');
  });

  it('shows "-" for an unknown platform', async () => {
    const { lines } = await run(['search', 'google play']);
    expect(lines[1]).toMatch(/^Google Play\s+-\s+https:\/\/status\.play\.google\.com$/);
  });

  it('stops at --limit and says there is more', async () => {
    const { lines } = await run(['search', 'git'], { limit: '2' });
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('(first 2 matches shown; use --limit for more)');
  });

  it('prints JSON with --json', async () => {
    const { lines } = await run(['search', 'GITLAB'], { json: true, limit: '1' });
    const parsed: unknown = JSON.parse(lines.join('\n'));
    expect(parsed).toEqual([expect.objectContaining({ name: 'GitLab', platform: 'statusio' })]);
  });

  it('says so and exits 0 when nothing matches', async () => {
    const { code, lines } = await run(['search', 'zzqqxx-not-a-vendor']);
    expect(code).toBe(0);
    expect(lines).toEqual(['no vendor in the catalog matches "zzqqxx-not-a-vendor"']);
  });

  it.each(['0', '-3', 'ten', '2.5'])('rejects --limit %j as bad usage', async (limit) => {
    await expect(run(['search', 'git'], { limit })).rejects.toThrow(UsageError);
  });

  it('needs a query', async () => {
    await expect(run(['search'])).rejects.toThrow(UsageError);
  });
});

describe('catalog show', () => {
  it('describes a vendor found by slug, with the format it will be watched as', async () => {
    const { code, lines } = await run(['show', 'github']);
    expect(code).toBe(0);
    expect(lines).toContain('url:      https://www.githubstatus.com');
    expect(lines).toContain('platform: statuspage (watched as statuspage-v2)');
    expect(lines).toContain('feed:     https://www.githubstatus.com/history.atom');
  });

  it('finds a vendor by its status page host', async () => {
    const { lines } = await run(['show', 'status.openai.com'], { json: true });
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ name: 'OpenAI', platform: 'incidentio' });
  });

  it('throws not_found for an unknown vendor', async () => {
    const error: unknown = await run(['show', 'no-such-vendor']).catch((e: unknown) => e);
    expect(isStatuswatchError(error, 'not_found')).toBe(true);
  });
});

describe('catalog', () => {
  it('rejects an unknown or missing subcommand as bad usage', async () => {
    await expect(run(['list'])).rejects.toThrow(/unknown subcommand "list"/);
    await expect(run(['list'])).rejects.toThrow(UsageError);
    await expect(run([])).rejects.toThrow(UsageError);
  });
});
