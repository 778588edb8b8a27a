/**
 * Acceptance: one malformed capture among good ones stops `statuswatch import` before it writes
 * anything, with a one-line error that names the file.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { StoredEvent, StoredIncident } from '../src/domain/index.ts';
import { openStore } from '../src/storage/index.ts';
import { cleanupReplay, unpackReplay } from './replay-fixture.ts';

const EARLIER = [
  '2023-08-28T04-21-12Z.atom',
  '2023-08-29T04-21-03Z.atom',
  '2023-08-30T04-21-15Z.atom',
];
// Each of these lists incidents the earlier ones do not (8 in all), so writing any would show.
const LATER = [
  '2023-09-05T05-33-26Z.atom',
  '2023-09-06T04-21-12Z.atom',
  '2023-09-07T04-21-07Z.atom',
];
// Named to sort between the later captures, so that a streaming importer would already have
// written 2023-09-05 and 2023-09-06 when it reached this file.
const BROKEN = '2023-09-06T12-00-00Z.atom';

const folders: string[] = [];
let replay = '';
let dataDir = '';
let mixed = '';

beforeAll(async () => {
  vi.stubEnv('DATABASE_URL', ''); // the CLI must use the SQLite store in dataDir
  replay = await unpackReplay();
  dataDir = await tempFolder('statuswatch-malformed-store-');
  mixed = await tempFolder('statuswatch-malformed-captures-');
  for (const name of LATER) await copyFile(join(replay, name), join(mixed, name));
  // Handmade: a real capture with one closing tag misspelled, so the XML cannot be read.
  const good = await readFile(join(replay, LATER[1] ?? ''), 'utf8');
  const broken = good.replace('</title>\n  <updated>', '</titel>\n  <updated>');
  expect(broken).not.toBe(good);
  await writeFile(join(mixed, BROKEN), broken);
}, 60_000);

afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
  await cleanupReplay();
  vi.unstubAllEnvs();
});

describe('importing a folder that holds one malformed capture', () => {
  it('fails with one parse error line naming the file, exit 1, and leaves the store as it was', async () => {
    const first = await cli([
      'import',
      ...EARLIER.map((n) => join(replay, n)),
      '--provider',
      'github',
    ]);
    expect(first.code, first.lines.join('\n')).toBe(0);
    const before = await contents();
    expect(before.incidents.length).toBeGreaterThan(0);

    const failed = await cli(['import', mixed, '--provider', 'github']);
    expect(failed.code).toBe(1);
    expect(failed.lines).toHaveLength(1);
    expect(failed.lines[0]).not.toContain('\n');
    expect(failed.lines[0]).toMatch(/^statuswatch import: parse: .*2023-09-06T12-00-00Z\.atom: /);
    expect(await contents()).toEqual(before);
  });

  it('would have changed the store without the malformed file (so the check above can fail)', async () => {
    await rm(join(mixed, BROKEN));
    const before = await contents();
    const ok = await cli(['import', mixed, '--provider', 'github']);
    expect(ok.code, ok.lines.join('\n')).toBe(0);
    const after = await contents();
    expect(after.events.length).toBeGreaterThan(before.events.length);
    expect(after.incidents).not.toEqual(before.incidents);
  });
});

// --- internal ---

async function tempFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

async function cli(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dataDir], (l) => lines.push(l));
  return { code, lines };
}

async function contents(): Promise<{ incidents: StoredIncident[]; events: StoredEvent[] }> {
  const store = await openStore({ databaseUrl: null, dataDir });
  try {
    const incidents = await store.listIncidents({ providerSlug: 'github', includeTemplates: true });
    incidents.sort((a, b) => (a.vendorId < b.vendorId ? -1 : 1));
    return { incidents, events: await store.listEvents(0, 1_000_000) };
  } finally {
    await store.close();
  }
}
