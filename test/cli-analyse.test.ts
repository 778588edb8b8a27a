import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { ANALYSIS_VERSION } from '../src/domain/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const fixture = (p: string) => fileURLToPath(new URL(`fixtures/${p}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-analyse-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await main([...args, '--data-dir', dir], (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

interface Json {
  impactStartedAt: { at: string; sentence: string } | null;
  impactEndedAt: { at: string } | null;
  postingLagMinutes: number | null;
  sections: { kind: string }[];
  actionItems: { state: string }[];
}

describe('statuswatch analyse', () => {
  it('reads a copied incident report page, posts included (seed 001)', async () => {
    const r = await run('analyse', fixture('seeds/001_57f9844ef91e9bba.txt'));
    expect(r.code).toBe(0);
    // "at approximately 2:13 PM PST"; "2018-01-23 03:15 PM - Clients confirm service fully restored";
    // the first "Posted … Jan 23, 2018 - 14:16 PST".
    expect(r.text).toContain('impact started    2018-01-23 22:13 UTC (high, start_phrase, PST)');
    expect(r.text).toContain('impact ended      2018-01-23 23:15 UTC');
    expect(r.text).toContain('posting lag       3 min');
    expect(r.text).toContain('[investigating] If possible, update the back-end service');
  });

  it.each([
    // seed, start, end, posting lag: the acceptance table of issue 10, from the whole page text.
    ['seeds/000_f87abcca5c8d1200.txt', '2023-11-08T18:35:00.000Z', null, 51],
    ['seeds/003_b62c23f0b9c583df.txt', '2018-01-08T22:56:00.000Z', '2018-01-09T00:02:00.000Z', 16],
    ['seeds/004_100a860a031c690d.txt', '2022-01-27T09:05:00.000Z', '2022-01-27T09:40:00.000Z', 12],
  ])('--json on %s', async (file, start, end, lag) => {
    const r = await run('analyse', fixture(file), '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.text) as Json;
    expect(a.impactStartedAt?.at).toBe(start);
    expect(a.impactEndedAt?.at ?? null).toBe(end);
    expect(a.postingLagMinutes).toBe(lag);
  });

  it('analyses a Statuspage incidents.json incident by incident', async () => {
    const r = await run(
      'analyse',
      fixture('vendors/statuspage-v2/github__incidents-2026-07-31.json'),
    );
    expect(r.code).toBe(0);
    expect(r.text.split('\n').filter((l) => l.startsWith('== '))).toHaveLength(50);
    expect(r.text).toContain(
      '== 75g5xmzptjqb Incident with Actions\nimpact started    2026-07-29 14:51 UTC',
    );
  });

  it('takes the day and zone of bare times from --date and --zone', async () => {
    const file = join(dir, 'note.txt');
    writeFileSync(file, 'From 09:10 to 09:50 uploads failed.'); // invented variation
    const r = await run('analyse', file, '--date', '2024-10-24', '--zone', 'CEST', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.text) as Json).impactStartedAt?.at).toBe('2024-10-24T07:10:00.000Z');
  });

  it('prints an empty analysis for unreadable text', async () => {
    const file = join(dir, 'noise.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256)));
    const r = await run('analyse', file);
    expect(r.code).toBe(0);
    expect(r.text).toContain('impact started    not stated');
    expect(r.text).toContain('sections          -');
  });

  it.each([
    [['--zone', 'XYZ'], /invalid_input: --zone "XYZ"/],
    [['--date', '2024-13-45'], /invalid_input: --date must be a day/],
  ])('refuses %j with one line', async (flags, message) => {
    const r = await run('analyse', fixture('seeds/002_27b21de812184c81.txt'), ...flags);
    expect(r.code).toBe(1);
    expect(r.text.split('\n')).toHaveLength(1);
    expect(r.text).toMatch(message);
  });

  it('refuses a missing file', async () => {
    const r = await run('analyse', join(dir, 'missing.txt'));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/invalid_input: cannot read/);
  });

  it('reads standard input from a separate process', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/run.ts', 'analyse', '-', '--json', '--data-dir', dir],
      {
        cwd: ROOT,
        input:
          'Between July 19, 2026, at 23:05 UTC and July 20, 2026, at 03:55 UTC, runners were unable to connect.',
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout) as Json;
    expect(a.impactStartedAt?.at).toBe('2026-07-19T23:05:00.000Z');
    expect(a.impactEndedAt?.at).toBe('2026-07-20T03:55:00.000Z');
  });
});

/**
 * A data dir named `name` holding GitHub's 50 incidents of incidents.json (captured 2026-07-31,
 * test/fixtures/PROVENANCE.md), imported; returns the CLI bound to it.
 */
async function importedGithub(name: string) {
  const data = join(dir, name);
  const captures = join(dir, `${name}-captures`);
  mkdirSync(captures);
  copyFileSync(
    fixture('vendors/statuspage-v2/github__incidents-2026-07-31.json'),
    join(captures, 'github__incidents-2026-07-31.json'),
  );
  const at = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--data-dir', data], (l) => lines.push(l));
    return { code, text: lines.join('\n') };
  };
  expect((await at('add', 'https://www.githubstatus.com', '--format', 'statuspage-v2')).code).toBe(
    0,
  );
  expect((await at('import', captures, '--provider', 'github')).code).toBe(0);
  return { at, dbFile: join(data, 'statuswatch.db') };
}

interface IncidentsJson {
  incidents: { id: string; impact_started_at: string | null }[];
}

describe('statuswatch reanalyse', () => {
  it('analyses incidents as they are written, and the incidents JSON carries the impact window', async () => {
    const { at } = await importedGithub('reanalyse');
    const before = JSON.parse(
      (await at('incidents', '--provider', 'github', '--json')).text,
    ) as IncidentsJson;
    // Ingest (here, the import) analyses every incident it writes: 43 of the 50 state an impact
    // start (src/analysis/github-incidents.test.ts counts them), so reanalyse finds nothing to do.
    expect(before.incidents.filter((i) => i.impact_started_at !== null)).toHaveLength(43);
    expect((await at('reanalyse')).text).toMatch(/^reanalysed 0 incidents/);

    const after = JSON.parse((await at('incidents', '--provider', 'github', '--json')).text) as {
      incidents: Record<string, unknown>[];
    };
    // "On July 29, 2026, from 14:51 UTC to 15:28 UTC, GitHub Actions experienced …"; first post 15:26:24.
    const actions = after.incidents.find((i) => i.id === '75g5xmzptjqb');
    expect(String(actions?.impact_source_sentence)).toMatch(
      /^On July 29, 2026, from 14:51 UTC to 15:28 UTC/,
    );
    expect(actions).toMatchObject({
      started_at: '2026-07-29T15:26:24.385Z',
      impact_started_at: '2026-07-29T14:51:00.000Z',
      impact_ended_at: '2026-07-29T15:28:00.000Z',
      posting_lag_minutes: 35,
      postmortem_delay_minutes: null,
    });
  });

  it('re-analyses incidents never analysed or analysed by an older version, and counts them', async () => {
    const { at, dbFile } = await importedGithub('reanalyse-stale');
    const withStart = async () =>
      (
        JSON.parse((await at('incidents', '--provider', 'github', '--json')).text) as IncidentsJson
      ).incidents.filter((i) => i.impact_started_at !== null).length;
    expect(await withStart()).toBe(43);
    // A store written before analysis existed: no analysis on any incident.
    sql(dbFile, 'update incidents set analysis_json = null, analysis_version = null');
    expect(await withStart()).toBe(0);
    const all = await at('reanalyse');
    expect(all.code).toBe(0);
    expect(all.text).toBe(
      `reanalysed 50 incidents (analysis version ${ANALYSIS_VERSION}): 43 with an impact start in the vendor's words`,
    );
    expect(await withStart()).toBe(43);
    // One incident analysed by an older parser version: only that one is read again.
    sql(
      dbFile,
      `update incidents set analysis_version = ${ANALYSIS_VERSION - 1} where vendor_id = '75g5xmzptjqb'`,
    );
    expect((await at('reanalyse')).text).toMatch(
      /^reanalysed 1 incident \(analysis version \d+\): 1 with/,
    );
    expect((await at('reanalyse')).text).toMatch(/^reanalysed 0 incidents/);
  });
});

/** A statement run on the data dir's SQLite file directly, as an older statuswatch left it. */
function sql(file: string, statement: string): void {
  const db = new Database(file);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}
