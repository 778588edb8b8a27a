/**
 * `statuswatch import` of a folder as people keep them: real captures beside files that are
 * not payloads. The captures are imported, the others named and left out; a slug that could
 * name a path is refused before anything is written.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStore } from '../src/storage/index.ts';
import { useTempDir } from './support/temp-dir.ts';

// Real: StreamYard's /history page as a browser saves it (test/fixtures/PROVENANCE.md).
const SAVED_PAGE = 'test/fixtures/vendors/statuspage-html/streamyard__history.html';
const dataDir = useTempDir('statuswatch-mixed-store-');
const folder = useTempDir('statuswatch-mixed-captures-');

beforeAll(async () => {
  vi.stubEnv('DATABASE_URL', ''); // the CLI must use the SQLite store in dataDir
  await copyFile(SAVED_PAGE, join(folder, 'streamyard-history.html'));
  // Invented, marked as such: a note kept beside the captures, JSON but no status payload.
  await writeFile(join(folder, 'README.json'), '{"captured_by": "ops", "note": "weekly"}');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

async function cli(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dataDir], (l) => lines.push(l));
  return { code, lines };
}

async function storedProviders(): Promise<{ slug: string; format: string; name: string }[]> {
  const store = await openStore({ databaseUrl: null, dataDir });
  try {
    return (await store.listProviders()).map(({ provider: p }) => ({
      slug: p.slug,
      format: p.format,
      name: p.name,
    }));
  } finally {
    await store.close();
  }
}

describe('importing a folder of captures and other files', () => {
  it('imports the saved /history page and names the file it left out', async () => {
    const run = await cli(['import', folder, '--provider', 'streamyard']);
    expect(run.code, run.lines.join('\n')).toBe(0);
    expect(run.lines).toContain(
      `skipped ${join(folder, 'README.json')}: not a supported status page payload`,
    );
    expect(run.lines.at(-1)).toMatch(/^imported 1 statuspage-html captures into streamyard/);
    // The capture lists no incidents (StreamYard had none then); the page itself is what it adds.
    expect(await storedProviders()).toEqual([
      { slug: 'streamyard', format: 'statuspage-html', name: 'StreamYard' },
    ]);
  });

  it('still refuses a file named on the command line that is no payload', async () => {
    const run = await cli(['import', join(folder, 'README.json'), '--provider', 'notes']);
    expect(run.code).toBe(1);
    expect(run.lines.join('\n')).toMatch(/unsupported_format|not a supported status page payload/);
  });

  it('refuses a slug that could name a path, before writing anything', async () => {
    const run = await cli(['import', folder, '--provider', '../Evil Slug']);
    expect(run.code).toBe(1);
    expect(run.lines.join('\n')).toMatch(/slug "\.\.\/Evil Slug" must be lowercase letters/);
    expect((await storedProviders()).map((p) => p.slug)).toEqual(['streamyard']);
  });
});
