import { readFile } from 'node:fs/promises';
import {
  StatuswatchError,
  sourceUrlFor,
  type EpochMs,
  type Snapshot,
  type SourceFormat,
} from '../domain/index.ts';
import { SOURCES, sourceFor } from '../sources/index.ts';
import { parseInWorker } from '../parse-worker/parse-in-worker.ts';
import type { Store } from '../storage/store.ts';
import { findCaptures, newestItemTime, orderCaptures, type Capture } from './capture-order.ts';
import { noDeliveries } from './delivery-planner.ts';
import { ingestSnapshot } from './ingest-snapshot.ts';
import { requireSlug } from './plan-provider.ts';
import { DEFAULT_POLL } from './poll-schedule.ts';

export interface ImportOptions {
  providerSlug: string;
  format?: SourceFormat;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  files: number;
  events: number;
  incidentsWritten: number;
  format: SourceFormat;
  /** Files found in folders that no source recognises (a README.json, a saved page): left out. */
  skipped: string[];
}

/**
 * Replays captured payloads through the same parse → reconcile → store path as polling, in
 * capture order, with `now` set to each capture's time. Events are marked imported, so they
 * are kept and shown but never alert.
 */
export async function importCaptures(
  store: Store,
  paths: readonly string[],
  options: ImportOptions,
): Promise<ImportSummary> {
  requireSlug(options.providerSlug);
  const captures = await findCaptures(paths);
  const { parsed, skipped } = await parseAll(captures, options.format);
  if (parsed.length === 0)
    throw new StatuswatchError(
      captures.length === 0 ? 'invalid_input' : 'unsupported_format',
      captures.length === 0
        ? `no payload files found in ${paths.join(', ')}`
        : `no supported status page payload among ${String(captures.length)} files in ${paths.join(', ')}`,
    );
  const ordered = orderCaptures(parsed);
  const format = ordered[0]?.snapshot.format ?? 'statuspage-feed';
  await ensureProvider(
    store,
    options.providerSlug,
    format,
    ordered[0]?.snapshot ?? null,
    ordered[0]?.time ?? Date.now(),
  );
  let events = 0;
  let incidentsWritten = 0;
  for (const [i, capture] of ordered.entries()) {
    const result = await ingestSnapshot(store, options.providerSlug, capture.snapshot, {
      now: capture.time,
      imported: true,
      deliveries: noDeliveries,
    });
    events += result.insertedEventIds.length;
    incidentsWritten += result.incidents.length;
    options.onProgress?.(i + 1, ordered.length);
  }
  // Planner statistics for what was just written: without them PostgreSQL plans every
  // incidents page as if the tables were empty (155–270 ms instead of 9–16 ms, issue 13).
  await store.analyze();
  return { files: ordered.length, events, incidentsWritten, format, skipped };
}

// --- internal ---

interface ParsedCapture {
  path: string;
  time: EpochMs;
  snapshot: Snapshot;
}

/**
 * Parses every capture before anything is written, so one malformed payload stops the import
 * with the store as it was. A file found in a folder that no source recognises is skipped
 * instead (and named): folders of captures often hold a note or a saved page beside them.
 */
async function parseAll(
  captures: Capture[],
  format: SourceFormat | undefined,
): Promise<{ parsed: ParsedCapture[]; skipped: string[] }> {
  const out: ParsedCapture[] = [];
  const skipped: string[] = [];
  for (const capture of captures) {
    const body = await readFile(capture.path, 'utf8');
    const provisional = capture.nameTime ?? capture.mtime;
    const meta = { url: capture.path, fetchedAt: provisional, contentType: null };
    const source =
      format !== undefined ? sourceFor(format) : SOURCES.find((s) => s.detect(body, meta));
    if (source === undefined && !capture.explicit) {
      skipped.push(capture.path);
      continue;
    }
    if (source === undefined) {
      throw new StatuswatchError(
        'unsupported_format',
        `${capture.path}: not a supported status page payload`,
      );
    }
    // Feeds anchor their year inference on their own entry and feed times; the capture time
    // only matters when a payload has none, and then the file name or mtime is what we have.
    const snapshot = await parseOrExplain(source.format, body, meta, capture.path);
    // The capture time is also every new incident's first-seen time and the provider's
    // creation: the payload's own word beats the file time, which only says when it was copied.
    const time =
      capture.nameTime ??
      snapshot.page.updatedAt ??
      newestItemTime(snapshot, capture.mtime) ??
      capture.mtime;
    out.push({ path: capture.path, time, snapshot });
  }
  return { parsed: out, skipped };
}

async function parseOrExplain(
  format: SourceFormat,
  body: string,
  meta: { url: string; fetchedAt: EpochMs; contentType: null },
  path: string,
): Promise<Snapshot> {
  try {
    return await parseInWorker(format, body, meta);
  } catch (error) {
    if (error instanceof StatuswatchError)
      throw new StatuswatchError(error.kind, `${path}: ${error.message}`);
    throw error;
  }
}

async function ensureProvider(
  store: Store,
  slug: string,
  format: SourceFormat,
  first: Snapshot | null,
  now: EpochMs,
): Promise<void> {
  const existing = await store.getProvider(slug);
  if (existing !== null) {
    if (existing.provider.format !== format) {
      throw new StatuswatchError(
        'invalid_input',
        `provider ${slug} is ${existing.provider.format}, but the files are ${format}`,
      );
    }
    return;
  }
  const pageUrl = first?.page.url ?? `https://${slug}.invalid`;
  await store.addProvider(
    {
      slug,
      name: first?.page.name ?? slug,
      pageUrl,
      // The same rule as `add`: GCP, AWS and HTML pages have no summary.json.
      sourceUrl: sourceUrlFor(new URL(pageUrl), format),
      format,
      poll: DEFAULT_POLL,
      createdAt: now,
    },
    now,
  );
}
