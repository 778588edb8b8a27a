import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochMs, Snapshot } from '../domain/index.ts';

export interface Capture {
  path: string;
  /** Named on the command line, not found in a folder: it must be a payload. */
  explicit: boolean;
  /** From the file name when it holds a timestamp; else filled in after parsing. */
  nameTime: EpochMs | null;
  mtime: EpochMs;
}

// .html: a Statuspage /history page saved from a browser (statuspage-html).
const PAYLOAD = /\.(json|atom|rss|xml|html?)$/i;

/** Every payload file under the given files and folders (recursively), in no particular order. */
export async function findCaptures(paths: readonly string[]): Promise<Capture[]> {
  const found: Capture[] = [];
  for (const path of paths) await collect(path, found, true);
  return found;
}

/**
 * A capture's time from its file name: `2022-06-11T21-31-11Z.atom`, `…T21:31:11Z…`, or
 * `20220611T213111Z`. Names without a full date and time give null.
 */
export function timeFromName(name: string): EpochMs | null {
  const m = /(\d{4})-?(\d{2})-?(\d{2})[T_ ](\d{2})[-:]?(\d{2})[-:]?(\d{2})(?:[.,]\d+)?(Z)?/.exec(
    name,
  );
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The newest time a payload shows (an update, a start, a resolution, a postmortem): the capture
 * was taken no earlier, and this is the closest the payload itself comes to saying when. AWS's
 * data.json and GCP's incidents.json have no capture time of their own, and a copied file's
 * modification time is when it was copied (2026 for the 2022 AWS capture). Scheduled times are
 * left out (they lie ahead), and so is anything after `notAfter` (the file time): a capture
 * cannot show what happened after it was written, so such a time is a misread or a skewed clock.
 */
export function newestItemTime(snapshot: Snapshot, notAfter: EpochMs): EpochMs | null {
  let newest: EpochMs | null = null;
  const consider = (t: EpochMs | null): void => {
    if (t !== null && t <= notAfter && (newest === null || t > newest)) newest = t;
  };
  for (const i of snapshot.incidents) {
    for (const t of [i.createdAt, i.startedAt, i.monitoringAt, i.resolvedAt]) consider(t);
    consider(i.postmortem?.publishedAt ?? null);
    for (const u of i.updates) {
      consider(u.displayedAt);
      consider(u.createdAt);
    }
  }
  return newest;
}

/**
 * Capture time: the file name's timestamp, else the payload's own `updated`, else its newest
 * item time (`newestItemTime`), else the file's modification time. Ties keep path order so
 * that the result does not depend on input order.
 */
export function orderCaptures<T extends { path: string; time: EpochMs }>(
  captures: readonly T[],
): T[] {
  return [...captures].sort(
    (a, b) => a.time - b.time || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

// --- internal ---

async function collect(path: string, into: Capture[], explicit: boolean): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = await readdir(path);
    for (const name of names) await collect(join(path, name), into, false);
    return;
  }
  // A file named on the command line is taken whatever its extension.
  if (!explicit && !PAYLOAD.test(path)) return;
  // mtimeMs is fractional on most file systems; capture times are whole milliseconds.
  const mtime = Math.floor(info.mtimeMs);
  into.push({ path, explicit, nameTime: timeFromName(path.split('/').pop() ?? path), mtime });
}
