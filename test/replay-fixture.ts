/**
 * The replay dataset: 557 captures of githubstatus.com/history.atom (2022-06 → 2023-12), kept
 * in the repository as one xz tarball and unpacked into a temp folder once per process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPLAY_TARBALL = fileURLToPath(
  new URL('./fixtures/replay/githubstatus-history-atom.tar.xz', import.meta.url),
);
/** How many captures the tarball holds (see its PROVENANCE.md). */
export const REPLAY_CAPTURES = 557;

let unpacking: Promise<string> | null = null;
let unpackedRoot: string | null = null;

/** The folder holding the unpacked `*.atom` captures; unpacks on the first call only. */
export function unpackReplay(): Promise<string> {
  unpacking ??= unpack();
  return unpacking;
}

/** Removes the unpacked copy; the next `unpackReplay()` unpacks again. */
export async function cleanupReplay(): Promise<void> {
  const root = unpackedRoot;
  unpacking = null;
  unpackedRoot = null;
  if (root !== null) await rm(root, { recursive: true, force: true });
}

/** Absolute paths of the unpacked captures, in name (= capture time) order. */
export async function replayFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.atom')).sort();
  return names.map((n) => join(dir, n));
}

// --- internal ---

async function unpack(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'statuswatch-replay-'));
  unpackedRoot = root;
  await run('tar', ['-xJf', REPLAY_TARBALL, '-C', root]);
  return folderWithCaptures(root);
}

/** The tarball may hold the files at its top or inside one folder; either way, find them. */
async function folderWithCaptures(root: string): Promise<string> {
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name.endsWith('.atom'))) return root;
  const only = entries.find((e) => e.isDirectory());
  if (only === undefined) throw new Error(`no captures in ${REPLAY_TARBALL}`);
  return folderWithCaptures(join(root, only.name));
}
