import { isDeepStrictEqual } from 'node:util';
import {
  FUTURE_SLACK_MS,
  isClosedStatus,
  isSetAside,
  type Anomaly,
  type EpochMs,
  type Incident,
  type IncidentUpdate,
  type StoredIncident,
} from '../domain/index.ts';

export interface MergeContext {
  providerSlug: string;
  now: EpochMs;
  /** The provider's first snapshot: closed incidents in it are history, not news. */
  firstIngest: boolean;
}

/**
 * Folds what a vendor shows now into what we stored before. Vendors only ever add updates (and
 * sometimes edit their text), so updates are the union by id, newest text winning. A field the
 * vendor stops sending (a feed has no impact) keeps its earlier value.
 */
export function mergeIncident(
  previous: StoredIncident | null,
  seen: Incident,
  ctx: MergeContext,
): StoredIncident {
  if (previous === null) {
    return {
      ...seen,
      updates: sortUpdates(dedupeUpdates(seen.updates)),
      providerSlug: ctx.providerSlug,
      firstSeenAt: ctx.now,
      backfilled: ctx.firstIngest && isClosedStatus(seen.status),
      lastChangedAt: ctx.now,
      previousTitles: [],
      ingestAnomalies: futureUpdates(seen.updates, [], ctx.now),
    };
  }
  seen = { ...seen, updates: withoutEchoes(previous.updates, seen.updates) };
  // An older copy than what we hold (a lagging CDN node, or a capture replayed out of order)
  // may add updates we lack, but must not roll the incident's status or title back.
  if (ctx.now < previous.lastChangedAt || isStaleView(previous, seen)) {
    return { ...previous, updates: unionUpdates(previous.updates, seen.updates, true) };
  }
  // A stale or withdrawn incident comes back only with news: a vendor that keeps listing an
  // incident it forgot, unchanged, must not reopen it on every poll.
  if (isSetAside(previous)) {
    if (!bringsNewUpdates(previous, seen)) return previous;
    previous = { ...previous, ingestAnomalies: previous.ingestAnomalies.filter(isVendorAnomaly) };
  }
  const titleChanged = seen.title !== previous.title;
  return {
    vendorId: previous.vendorId,
    title: seen.title,
    kind: seen.kind,
    impact: seen.impact ?? previous.impact,
    status: seen.status,
    createdAt: seen.createdAt ?? previous.createdAt,
    startedAt: seen.startedAt ?? previous.startedAt,
    monitoringAt: seen.monitoringAt ?? previous.monitoringAt,
    resolvedAt: isClosedStatus(seen.status) ? (seen.resolvedAt ?? previous.resolvedAt) : null,
    scheduledFor: seen.scheduledFor ?? previous.scheduledFor,
    scheduledUntil: seen.scheduledUntil ?? previous.scheduledUntil,
    url: seen.url ?? previous.url,
    shortlink: seen.shortlink ?? previous.shortlink,
    components: seen.components.length > 0 ? seen.components : previous.components,
    updates: unionUpdates(previous.updates, seen.updates),
    postmortem: seen.postmortem ?? previous.postmortem,
    isTemplate: seen.isTemplate || previous.isTemplate,
    providerSlug: previous.providerSlug,
    firstSeenAt: previous.firstSeenAt,
    backfilled: previous.backfilled,
    lastChangedAt: ctx.now,
    previousTitles: titleChanged
      ? [...previous.previousTitles, previous.title]
      : previous.previousTitles,
    ingestAnomalies: futureUpdates(seen.updates, previous.ingestAnomalies, ctx.now),
  };
}

/** True when anything a reader could see differs (lastChangedAt alone does not count). */
export function incidentChanged(previous: StoredIncident | null, merged: StoredIncident): boolean {
  if (previous === null) return true;
  // Key order differs between rows read back and objects built here, so compare structurally.
  return !isDeepStrictEqual({ ...previous, lastChangedAt: 0 }, { ...merged, lastChangedAt: 0 });
}

// --- internal ---

/**
 * The same update seen through another view (the JSON API and the feed name updates
 * differently) is matched by minute, status and text, and never stored twice.
 */
function withoutEchoes(stored: IncidentUpdate[], seen: IncidentUpdate[]): IncidentUpdate[] {
  const ids = new Set(stored.map((u) => u.vendorId));
  const fingerprints = new Set(stored.map(fingerprint));
  return seen.filter((u) => ids.has(u.vendorId) || !fingerprints.has(fingerprint(u)));
}

function fingerprint(u: IncidentUpdate): string {
  const at = u.displayedAt ?? u.createdAt;
  const minute = at === null ? 'undated' : Math.floor(at / 60_000);
  const words = u.bodyText.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return `${minute}|${u.status}|${words.slice(0, 24).join(' ')}`;
}

function bringsNewUpdates(previous: StoredIncident, seen: Incident): boolean {
  const known = new Set(previous.updates.map((u) => u.vendorId));
  return seen.updates.some((u) => !known.has(u.vendorId));
}

/** Our own set-aside notes lapse once the vendor speaks again. */
function isVendorAnomaly(a: Anomaly): boolean {
  return a.kind !== 'stale' && a.kind !== 'withdrawn';
}

/**
 * A view whose newest update is older than the newest we hold, and which holds nothing new,
 * is an older copy of the page. (Vendors add updates at the end; they do not remove them.)
 */
function isStaleView(previous: StoredIncident, seen: Incident): boolean {
  const known = new Set(previous.updates.map((u) => u.vendorId));
  if (!seen.updates.every((u) => known.has(u.vendorId))) return false;
  const newestSeen = seen.updates.at(-1);
  const newestHeld = previous.updates.at(-1);
  if (newestHeld === undefined) return false;
  if (newestSeen === undefined) return true;
  return updateTime(newestSeen) < updateTime(newestHeld);
}

/**
 * An update dated later than the moment we first saw it was stamped in the future (or the
 * vendor's clock is wrong). Only the moment of ingest can tell, so it is recorded then.
 */
function futureUpdates(updates: IncidentUpdate[], known: Anomaly[], now: EpochMs): Anomaly[] {
  const out = [...known];
  for (const u of updates) {
    if (u.displayedAt === null || u.displayedAt <= now + FUTURE_SLACK_MS) continue;
    const prefix = `update ${u.vendorId} `;
    if (out.some((a) => a.kind === 'update_in_future' && a.reason.startsWith(prefix))) continue;
    const when = new Date(u.displayedAt).toISOString();
    const seen = new Date(now).toISOString();
    out.push({
      kind: 'update_in_future',
      reason: `${prefix}is dated ${when}, after the capture at ${seen} that showed it`,
    });
  }
  return out;
}

/** Union by update id; the newer copy's text wins unless `keepStored` (the copy is older). */
function unionUpdates(
  stored: IncidentUpdate[],
  seen: IncidentUpdate[],
  keepStored = false,
): IncidentUpdate[] {
  const byId = new Map<string, IncidentUpdate>();
  for (const u of stored) byId.set(u.vendorId, u);
  for (const u of seen) if (!keepStored || !byId.has(u.vendorId)) byId.set(u.vendorId, u);
  return sortUpdates([...byId.values()]);
}

function dedupeUpdates(updates: IncidentUpdate[]): IncidentUpdate[] {
  return [...new Map(updates.map((u) => [u.vendorId, u])).values()];
}

function updateTime(u: IncidentUpdate): number {
  return u.displayedAt ?? u.createdAt ?? Number.MAX_SAFE_INTEGER;
}

/** Oldest first; ties keep the order the vendor gave. */
export function sortUpdates(updates: IncidentUpdate[]): IncidentUpdate[] {
  return updates
    .map((u, i) => ({ u, i }))
    .sort((a, b) => updateTime(a.u) - updateTime(b.u) || a.i - b.i)
    .map((x) => x.u);
}
