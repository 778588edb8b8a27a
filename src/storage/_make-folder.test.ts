import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatuswatchError } from '../domain/index.ts';
import { useTempDir } from '../../test/support/temp-dir.ts';
import { makeFolder } from './_make-folder.ts';

const root = useTempDir('statuswatch-make-folder-');

async function refusal(folder: string): Promise<StatuswatchError> {
  const error: unknown = await makeFolder(folder).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof StatuswatchError)) throw new Error(`expected a refusal of ${folder}`);
  return error;
}

describe('makeFolder (the SQLite data dir)', () => {
  it('creates every missing level, and is content when the folder exists', async () => {
    const folder = join(root, 'a', 'b', 'c');
    await makeFolder(folder);
    await makeFolder(folder);
    expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('names a file standing where a folder should be', async () => {
    writeFileSync(join(root, 'file'), 'x');
    const error = await refusal(join(root, 'file', 'sub'));
    expect(error.kind).toBe('storage');
    expect(error.message).toMatch(/file is not a folder/);
  });

  // Node 20's recursive mkdir never returns here; the test's time limit is what would show it.
  it.runIf(existsSync('/proc/self'))('fails at once under /proc instead of hanging', async () => {
    const error = await refusal('/proc/statuswatch-data');
    expect(error.message).toMatch(/ENOENT/);
  });
});
