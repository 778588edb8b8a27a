import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { closeParsePool } from '../src/parse-worker/parse-in-worker.ts';

// Issue 13's value repros, end to end through `statuswatch import` and the read commands, on
// real captures. Every changed value is an invented variation, named where it is made.

const dir = mkdtempSync(join(tmpdir(), 'sw-values-'));
const fixture = (path: string): string =>
  new URL(`fixtures/vendors/${path}`, import.meta.url).pathname;

afterAll(async () => {
  await closeParsePool();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(dataDir: string, ...args: string[]) {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dataDir], (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

/** A copy with a fractional modification time, as most file systems give. */
function captureCopy(source: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(source, path);
  utimesSync(path, 1_656_704_745.123_4, 1_656_704_745.123_4);
  return path;
}

describe('values that failed whole imports', () => {
  it.each([
    ['aws', 'aws/aws-health-dashboard__data.json'],
    ['gcp', 'gcp/google-cloud__incidents.json'],
  ])('imports the shipped %s capture despite a fractional file time', async (slug, path) => {
    const dataDir = join(dir, `import-${slug}`);
    const file = captureCopy(fixture(path), `${slug}-data.json`);
    const imported = await cli(dataDir, 'import', file, '--provider', slug);
    expect(imported.text).toMatch(/imported 1/);
    expect(imported.code).toBe(0);
  });

  it('imports an AWS capture with a date of 1e13 and lists its incidents', async () => {
    const dataDir = join(dir, 'aws-1e13');
    const doc = JSON.parse(
      readFileSync(fixture('aws/aws-health-dashboard__data.json'), 'utf8'),
    ) as {
      archive: { date: unknown }[];
    };
    const first = doc.archive[0];
    if (first === undefined) throw new Error('no archive');
    first.date = 1e13; // invented variation: milliseconds sent as seconds
    const file = join(dir, 'aws-1e13.json');
    writeFileSync(file, JSON.stringify(doc));
    expect((await cli(dataDir, 'import', file, '--provider', 'aws')).code).toBe(0);
    expect((await cli(dataDir, 'incidents', '--provider', 'aws')).code).toBe(0);
    expect((await cli(dataDir, 'report', '--provider', 'aws')).code).toBe(0);
  });

  it('imports a summary with a component listed twice and a position of 1.5', async () => {
    const dataDir = join(dir, 'components');
    const doc = JSON.parse(readFileSync(fixture('statuspage-v2/github__summary.json'), 'utf8')) as {
      components: { position: number }[];
    };
    const [first, second] = doc.components;
    if (first === undefined || second === undefined) throw new Error('no components');
    doc.components.push({ ...first }); // invented variation: the same component twice
    second.position = 1.5; // invented variation
    const file = join(dir, '2022-11-25T15-50-05Z.json');
    writeFileSync(file, JSON.stringify(doc));
    const imported = await cli(
      dataDir,
      'import',
      file,
      '--provider',
      'github',
      '--format',
      'statuspage-v2',
    );
    expect(imported.text).toMatch(/imported 1/);
    expect(imported.code).toBe(0);
  });

  it('reads back a time an older version stored out of range as unknown', async () => {
    const dataDir = join(dir, 'stored');
    const file = captureCopy(fixture('aws/aws-health-dashboard__data.json'), 'aws-stored.json');
    expect((await cli(dataDir, 'import', file, '--provider', 'aws')).code).toBe(0);
    // invented variation: what an older version stored for `date: 1e13`
    const db = new Database(join(dataDir, 'statuswatch.db'));
    const changed = db.prepare('update incidents set started_at = 1e16, created_at = 1e16').run();
    db.close();
    expect(changed.changes).toBeGreaterThan(0);
    const listed = await cli(dataDir, 'incidents', '--provider', 'aws', '--json');
    expect(listed.code).toBe(0);
    expect((await cli(dataDir, 'report', '--provider', 'aws')).code).toBe(0);
  });
});
