// vitest globalSetup: the whole run uses a temp folder of its own, removed at the end, so the
// system temp dir holds nothing new from the project afterwards, whatever a test, a child
// process or a tool under it (tsx's compile cache, Chromium profiles) leaves behind. Tests still
// remove what they make (test/support/temp-dir.ts); this is the net under them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const systemTmp = tmpdir();
  const runTmp = mkdtempSync(join(systemTmp, 'statuswatch-test-run-'));
  // os.tmpdir() reads TMPDIR on every call; test workers and their children inherit it.
  process.env.TMPDIR = runTmp;
  return () => {
    process.env.TMPDIR = systemTmp;
    rmSync(runTmp, { recursive: true, force: true });
  };
}
