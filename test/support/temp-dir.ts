/**
 * Temp directories that tests remove again, so the system temp dir holds nothing new after
 * `npm test` (issue 14 item 8).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A fresh `<tmp>/<prefix>XXXXXX`, removed after the tests of the file (or describe block) that
 * calls it. Call it at module or describe level, not inside a test.
 */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A fresh `<tmp>/<prefix>XXXXXX` for the running test only, removed when it finishes. */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
