import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { toReadableJson, type Snapshot } from '../../src/domain/index.ts';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/sources/', import.meta.url));

/**
 * Compares the readable form of `snapshot` with test/golden/sources/<goldenFileName>.
 * With UPDATE_GOLDEN=1 the file is rewritten first, so a reviewed diff replaces hand edits.
 */
export function expectGolden(goldenFileName: string, snapshot: Snapshot): void {
  const path = `${GOLDEN_DIR}${goldenFileName}`;
  const actual = toReadableJson(snapshot);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  }
  expect(existsSync(path), `golden ${goldenFileName} is missing; run with UPDATE_GOLDEN=1`).toBe(
    true,
  );
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

/** What `fn` throws; fails the test when it returns normally. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
