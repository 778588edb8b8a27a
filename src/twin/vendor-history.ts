import { readFile } from 'node:fs/promises';
import {
  StatuswatchError,
  type Component,
  type EpochMs,
  type Incident,
  type IncidentUpdate,
  type Snapshot,
} from '../domain/index.ts';
import { findCaptures, orderCaptures } from '../ingest/capture-order.ts';
import { SOURCES } from '../sources/index.ts';

/** One vendor update and the moment it became public. */
export interface TimedUpdate {
  update: IncidentUpdate;
  /** When the vendor posted it: `created_at` when known, else the shown time (feeds). */
  appearsAt: EpochMs;
  /** Where it came from: the feed gives no update ids, so a JSON id is preferred when known. */
  fromJson: boolean;
}

/** An incident or maintenance as the union of every capture showed it. */
export interface HistoryIncident {
  incident: Incident;
  /** Oldest first by appearance; ties keep the vendor's own order. */
  updates: TimedUpdate[];
  /** When it first became public (the announcement for a maintenance). */
  appearsAt: EpochMs;
  /** True when some JSON capture showed it: impact and components are the vendor's own. */
  fromJson: boolean;
}

export interface VendorHistory {
  page: { name: string; url: string };
  /** The latest component list any capture showed; empty when only feeds were given. */
  components: Component[];
  /** Newest first by appearance, as the vendor lists them. */
  incidents: HistoryIncident[];
  /** Every moment something changes, ascending: the twin's version counter counts them. */
  changeTimes: EpochMs[];
}

/**
 * Reads any mix of captures (history.atom/rss series, incidents.json, single incidents) with
 * the project's own pure sources and takes their union: one incident per code, one update per
 * (shown minute, status) within it, each update appearing at its own time.
 */
export async function buildVendorHistory(paths: readonly string[]): Promise<VendorHistory> {
  const captures = await findCaptures(paths);
  if (captures.length === 0)
    throw new StatuswatchError('invalid_input', `no captures found in ${paths.join(', ')}`);
  const parsed: { path: string; time: EpochMs; snapshot: Snapshot }[] = [];
  for (const capture of captures) {
    const body = await readFile(capture.path, 'utf8');
    const meta = {
      url: capture.path,
      fetchedAt: capture.nameTime ?? capture.mtime,
      contentType: null,
    };
    const source = SOURCES.find((s) => s.detect(body, meta));
    if (source === undefined)
      throw new StatuswatchError(
        'unsupported_format',
        `${capture.path}: not a status page payload`,
      );
    const snapshot = source.parse(body, meta);
    parsed.push({
      path: capture.path,
      time: capture.nameTime ?? snapshot.page.updatedAt ?? capture.mtime,
      snapshot,
    });
  }
  return historyFromSnapshots(orderCaptures(parsed).map((p) => p.snapshot));
}

/** The pure half of `buildVendorHistory`: snapshots in capture order → their union. */
export function historyFromSnapshots(snapshots: readonly Snapshot[]): VendorHistory {
  const byCode = new Map<string, HistoryIncident>();
  let components: Component[] = [];
  let page = { name: 'Vendor', url: 'https://vendor.invalid' };
  for (const snapshot of snapshots) {
    if (snapshot.components !== null) components = snapshot.components;
    page = { name: snapshot.page.name ?? page.name, url: snapshot.page.url ?? page.url };
    const fromJson = snapshot.format !== 'statuspage-feed';
    for (const incident of snapshot.incidents) {
      if (incident.isTemplate) continue;
      const known = byCode.get(incident.vendorId);
      byCode.set(incident.vendorId, mergeIncident(known, incident, fromJson));
    }
  }
  const incidents = [...byCode.values()]
    .filter((h) => h.updates.length > 0)
    .sort(
      (a, b) => b.appearsAt - a.appearsAt || (a.incident.vendorId < b.incident.vendorId ? -1 : 1),
    );
  const changeTimes = [...new Set(incidents.flatMap(changeTimesOf))].sort((a, b) => a - b);
  return {
    page: { ...page, url: page.url.replace(/\/+$/, '') },
    components,
    incidents,
    changeTimes,
  };
}

// --- internal ---

function mergeIncident(
  known: HistoryIncident | undefined,
  seen: Incident,
  fromJson: boolean,
): HistoryIncident {
  const timed = seen.updates.flatMap((u) => {
    const at = u.createdAt ?? u.displayedAt;
    return at === null ? [] : [{ update: u, appearsAt: at, fromJson }];
  });
  // A JSON view carries impact, components and real update ids: it wins over a feed's view;
  // between equals, the later capture wins (titles and bodies get edited).
  const keepKnownFacts = known !== undefined && known.fromJson && !fromJson;
  const incident = keepKnownFacts ? known.incident : seen;
  const updates = unionUpdates(known?.updates ?? [], timed);
  const firstUpdate = updates[0]?.appearsAt ?? Infinity;
  const announced =
    incident.kind === 'maintenance' ? (incident.createdAt ?? firstUpdate) : firstUpdate;
  return {
    incident,
    updates,
    appearsAt: Math.min(announced, firstUpdate),
    fromJson: fromJson || (known?.fromJson ?? false),
  };
}

/** Same shown minute and status is the same update, whatever its id or edited text. */
function unionUpdates(known: readonly TimedUpdate[], seen: readonly TimedUpdate[]): TimedUpdate[] {
  const out = new Map<string, TimedUpdate>();
  for (const list of [known, seen]) {
    const ordinals = new Map<string, number>();
    for (const t of list) {
      const base = `${minuteOf(t.update.displayedAt ?? t.appearsAt)}|${t.update.status}`;
      const n = (ordinals.get(base) ?? 0) + 1;
      ordinals.set(base, n);
      const key = `${base}|${n}`;
      const previous = out.get(key);
      if (previous === undefined || !previous.fromJson || t.fromJson) out.set(key, t);
    }
  }
  return [...out.values()].sort((a, b) => a.appearsAt - b.appearsAt);
}

function minuteOf(at: EpochMs): number {
  return Math.floor(at / 60_000);
}

/** Updates and, for a maintenance, the scheduled start and end (the twin's status moves then). */
function changeTimesOf(h: HistoryIncident): EpochMs[] {
  const times = [h.appearsAt, ...h.updates.map((u) => u.appearsAt)];
  const { scheduledFor, scheduledUntil } = h.incident;
  if (scheduledFor !== null) times.push(scheduledFor);
  if (scheduledUntil !== null) times.push(scheduledUntil);
  return times;
}
