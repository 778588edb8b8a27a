import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { sourceFor } from '../sources/index.ts';
import { closeParsePool, IN_PROCESS_MAX_CHARS, parseInWorker } from './parse-in-worker.ts';

const fixture = (path: string): string =>
  readFileSync(new URL(`../../test/fixtures/vendors/${path}`, import.meta.url), 'utf8');

const meta = {
  url: 'https://www.githubstatus.com/history.atom',
  fetchedAt: Date.UTC(2026, 7, 22),
  contentType: null,
};

afterAll(closeParsePool);

describe('parseInWorker', () => {
  it('gives, from a pool thread, the snapshot the in-process parse gives', async () => {
    const body = fixture('statuspage-feed/github__history.atom');
    const inWorker = await parseInWorker('statuspage-feed', body, meta);
    expect(inWorker).toEqual(sourceFor('statuspage-feed').parse(body, meta));
    expect(inWorker.incidents.length).toBeGreaterThan(10);
  });

  it('keeps the kind of a parse error across the thread boundary', async () => {
    const broken = `{"archive": [${' '.repeat(IN_PROCESS_MAX_CHARS)}`;
    const error: unknown = await parseInWorker('aws', broken, meta).catch((e: unknown) => e);
    expect(isStatuswatchError(error, 'parse')).toBe(true);
  });

  it('parses a small body in place, with the same snapshot and errors', async () => {
    const body = fixture('statuspage-v2/github__summary.json');
    expect(body.length).toBeLessThanOrEqual(IN_PROCESS_MAX_CHARS);
    const summaryMeta = { ...meta, url: 'https://www.githubstatus.com/api/v2/summary.json' };
    expect(await parseInWorker('statuspage-v2', body, summaryMeta)).toEqual(
      sourceFor('statuspage-v2').parse(body, summaryMeta),
    );
    const error: unknown = await parseInWorker('aws', '{"archive": [', meta).catch(
      (e: unknown) => e,
    );
    expect(isStatuswatchError(error, 'parse')).toBe(true);
  });

  it('stops a parse past its deadline as too_complex, and the pool keeps working', async () => {
    const body = fixture('gcp/google-cloud__incidents.json');
    const late: unknown = await parseInWorker('gcp', body, meta, { deadlineMs: 1 }).catch(
      (e: unknown) => e,
    );
    expect(isStatuswatchError(late, 'too_complex')).toBe(true);
    const snapshot = await parseInWorker('gcp', body, meta);
    expect(snapshot.incidents.length).toBeGreaterThan(100);
  });
});
