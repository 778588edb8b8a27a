import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StatuswatchError } from '../domain/index.ts';

/**
 * Creates `folder` and any missing parents, one level at a time. Not `mkdir(…, { recursive })`:
 * on Node 20 that never returns for a path under /proc (`--data-dir /proc/x` hung `list` for
 * good); level by level, such a path fails at once with ENOENT and is named.
 */
export async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    const kind = await kindOf(at);
    if (kind === 'folder') break;
    if (kind === 'other')
      throw new StatuswatchError('storage', `cannot create ${folder}: ${at} is not a folder`);
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await kindOf(level)) === 'folder') continue;
      throw new StatuswatchError('storage', `cannot create ${folder}: ${code ?? String(error)}`);
    }
  }
}

// --- internal ---

async function kindOf(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}
