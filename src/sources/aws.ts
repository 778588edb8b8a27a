import { z } from 'zod';
import {
  StatuswatchError,
  epochFrom,
  epochFromSeconds,
  type EpochMs,
  type Impact,
  type Incident,
  type IncidentUpdate,
  type Snapshot,
} from '../domain/index.ts';
import type { Source } from './source.ts';
import { bodyFromHtml, type Body } from './_body.ts';
import { offsetFor } from './_feed-updates.ts';
import { parseEach } from './_statuspage-wire.ts';

/**
 * The legacy AWS Service Health Dashboard, `status.aws.amazon.com/data.json`:
 * `{ archive: [...], current: [...] }`, one entry per service and per event: `service` (an id),
 * `service_name`, `summary`, `date` (epoch seconds), `status` (0-3) and HTML `description`.
 *
 * Grouping: an entry has no thread id, and AWS never splits one event of one service over
 * several entries (its description grows instead: every update is a dated `<div>`). An event
 * that hits several services is posted as one entry per service with its own summary and
 * updates, so one entry = one incident; merging across services would have to guess.
 */
export const awsHealth: Source = {
  format: 'aws',
  detect(body) {
    return looksLikeAwsDocument(tryJson(body));
  },
  parse(body, meta): Snapshot {
    const doc = readDocument(body);
    const warnings: string[] = [];
    const warn = (message: string): void => {
      if (warnings.length < 200) warnings.push(message);
    };
    const current = parseEach(wireEntrySchema, doc.current, 'current entry', warn);
    const archive = parseEach(wireEntrySchema, doc.archive, 'archive entry', warn);
    const incidents = [
      ...current.map((e) => mapEntry(e, false, warn)),
      ...archive.map((e) => mapEntry(e, true, warn)),
    ].filter((i) => i !== null);
    return {
      format: 'aws',
      page: { name: null, url: originOf(meta.url), updatedAt: null },
      components: null,
      incidents: dropRepeats(incidents, warn),
      coverage: 'window',
      warnings,
    };
  },
};

// --- internal ---

type Warn = (message: string) => void;

const text = z.string().nullish();
const wireEntrySchema = z.looseObject({
  service: z.string().min(1),
  service_name: text,
  summary: z.string(),
  date: z.union([z.string(), z.number()]),
  status: z.union([z.string(), z.number()]).nullish(),
  details: text,
  description: text,
});
type WireEntry = z.infer<typeof wireEntrySchema>;

const wireDocumentSchema = z.looseObject({
  archive: z.array(z.unknown()).nullish(),
  current: z.array(z.unknown()).nullish(),
});

const NOT_JSON = Symbol('not JSON');

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
}

function looksLikeAwsDocument(json: unknown): boolean {
  const doc = wireDocumentSchema.safeParse(json);
  if (!doc.success || Array.isArray(json)) return false;
  const items = [...(doc.data.archive ?? []), ...(doc.data.current ?? [])];
  const has = (item: unknown, key: string): boolean =>
    typeof item === 'object' && item !== null && key in item;
  // One malformed entry must not hide the whole dashboard: every item names a service, and at
  // least one also has a summary.
  return items.every((i) => has(i, 'service')) && items.some((i) => has(i, 'summary'));
}

function readDocument(body: string): z.infer<typeof wireDocumentSchema> {
  const json = tryJson(body);
  if (json === NOT_JSON) {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    throw new StatuswatchError('parse', `AWS data.json is not valid JSON (starts "${start}")`);
  }
  const doc = wireDocumentSchema.safeParse(json);
  if (
    !doc.success ||
    Array.isArray(json) ||
    (doc.data.archive == null && doc.data.current == null)
  ) {
    const expected = 'an AWS Health Dashboard object with "archive" and/or "current" arrays';
    throw new StatuswatchError('unsupported_format', `expected ${expected}`);
  }
  return doc.data;
}

function mapEntry(entry: WireEntry, archived: boolean, warn: Warn): Incident | null {
  const vendorId = `${entry.service}-${String(entry.date)}`;
  const where = `entry ${vendorId}`;
  const startedAt = epochSeconds(entry.date);
  if (startedAt === null) {
    warn(`${where} skipped: unreadable date "${String(entry.date).slice(0, 40)}"`);
    return null;
  }
  const stamped = stampedUpdates(entry, startedAt, where, warn);
  const { resolved, closingIndex, resolvedAt } = resolutionOf(
    { ...entry, startedAt, where },
    archived,
    stamped,
    warn,
  );
  const name = entry.service_name?.trim() || entry.service;
  return {
    vendorId,
    title: entry.summary.trim(),
    kind: 'incident',
    impact: impactOf(entry.status, where, warn),
    status: resolved ? 'resolved' : 'investigating',
    createdAt: startedAt,
    startedAt,
    monitoringAt: null,
    resolvedAt,
    scheduledFor: null,
    scheduledUntil: null,
    url: null,
    shortlink: null,
    components: [{ vendorId: entry.service, name, oldStatus: null, newStatus: null }],
    updates: stamped.map((u, index) => toUpdate(u, `${vendorId}-${index}`, index >= closingIndex)),
    postmortem: null,
    isTemplate: false,
  };
}

function toUpdate(u: StampedUpdate, vendorId: string, closed: boolean): IncidentUpdate {
  return {
    vendorId,
    status: closed ? 'resolved' : 'investigating',
    label: null,
    bodyHtml: u.body.html,
    bodyText: u.body.text,
    displayedAt: u.at,
    createdAt: null,
    affectedComponents: [],
  };
}

/**
 * `archive` holds past events, so an archived entry is resolved even when nothing says when;
 * a `current` entry is resolved only when its summary says "[RESOLVED]" or its last update
 * closes it. The resolution time is that of the latest update that says the event is over
 * ("resolved", "operating normally", "fully recovered", "returned to normal"): AWS sometimes adds a
 * clarification or a post-event summary link days later, which must not stretch the incident.
 * `closingIndex` is that update's index (updates from it on are "resolved"), else Infinity.
 */
function resolutionOf(
  entry: WireEntry & { startedAt: EpochMs; where: string },
  archived: boolean,
  stamped: readonly StampedUpdate[],
  warn: Warn,
): { resolved: boolean; closingIndex: number; resolvedAt: EpochMs | null } {
  const { startedAt, where } = entry;
  const last = stamped.at(-1);
  const closesNow = last !== undefined && CLOSING.test(last.body.text);
  const resolved = archived || /^\s*\[resolved\]/i.test(entry.summary) || closesNow;
  const found = resolved ? stamped.findLastIndex((u) => CLOSING.test(u.body.text)) : -1;
  const closingIndex = found < 0 ? Number.POSITIVE_INFINITY : found;
  const closedAt = stamped[found]?.at ?? null;
  // Never a negative duration: a closing stamp before the first post is not believed.
  const resolvedAt = closedAt !== null && closedAt >= startedAt ? closedAt : null;
  if (resolved && resolvedAt === null) {
    warn(`${where}: resolved, but no update says when; resolution time unknown`);
  }
  return { resolved, closingIndex, resolvedAt };
}

// "Some instances have recovered" is progress, not the end: only "fully recovered" closes.
const CLOSING =
  /\bresolved\b|operating normally|fully recovered|returned to normal|back to normal/i;

/** AWS's status codes, by index: 0 normal, 1 informational, 2 degradation, 3 disruption. */
const STATUS_WORDS = ['normal', 'informational', 'degradation', 'disruption'];
const IMPACT_BY_CODE: readonly Impact[] = ['none', 'minor', 'major', 'critical'];

function impactOf(status: string | number | null | undefined, where: string, warn: Warn): Impact {
  const word = String(status ?? '')
    .trim()
    .toLowerCase();
  const code = /^[0-3]$/.test(word) ? Number(word) : STATUS_WORDS.indexOf(word);
  const impact = IMPACT_BY_CODE[code];
  if (impact !== undefined) return impact;
  warn(`${where}: unknown status "${word}" read as minor`);
  return 'minor';
}

interface StampedUpdate {
  at: EpochMs | null;
  body: Body;
}

const STAMP_SPAN = /<span class="yellowfg">([^<]{0,60})<\/span>/gi;

/**
 * Each update is `<div><span class="yellowfg">STAMP</span>&nbsp;text</div>`, oldest first.
 * A description without stamps is one update at the entry's date.
 */
function stampedUpdates(
  entry: WireEntry,
  startedAt: EpochMs,
  where: string,
  warn: Warn,
): StampedUpdate[] {
  const html = entry.description?.trim() || entry.details?.trim() || '';
  const parts = html.split(STAMP_SPAN);
  if (parts.length === 1) {
    return html === '' ? [] : [{ at: startedAt, body: bodyOf(html) }];
  }
  const updates: StampedUpdate[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const stamp = (parts[i] ?? '').trim();
    const at = timeOfStamp(stamp, startedAt, where, warn);
    if (at === null) warn(`${where}: unreadable update time "${stamp}"`);
    updates.push({ at, body: bodyOf(parts[i + 1] ?? '') });
  }
  return updates;
}

function bodyOf(fragment: string): Body {
  const inner = fragment
    .replace(/<\/?div[^>]{0,200}>/gi, ' ')
    .replace(/^\s*(&nbsp;|\s)+/i, '')
    .trim();
  return bodyFromHtml(`<p>${inner}</p>`);
}

/**
 * " 8:49 AM PST" is on the local day of the entry's first post (its `date`); later days are
 * spelled "Sep 27,  4:21 AM PDT". The year is the entry's, or the next when the month is
 * earlier (an event that runs over New Year).
 */
function timeOfStamp(stamp: string, anchor: EpochMs, where: string, warn: Warn): EpochMs | null {
  const m =
    /^(?:([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+)?(\d{1,2}):(\d{2})\s*([AP])\.?M\.?\s+([A-Za-z]{1,5})$/i.exec(
      stamp,
    );
  if (m === null) return null;
  const zoneWarnings: string[] = [];
  const offsetMs = offsetFor(m[6] ?? null, [], zoneWarnings) * 60_000;
  for (const w of zoneWarnings) warn(`${where}: ${w}`);
  const hour = (Number(m[3]) % 12) + ((m[5] ?? '').toUpperCase() === 'P' ? 12 : 0);
  const local = new Date(anchor + offsetMs);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth();
  let day = local.getUTCDate();
  if (m[1] !== undefined) {
    month = MONTHS.indexOf(m[1].toLowerCase());
    if (month < 0) return null;
    if (month < local.getUTCMonth()) year += 1;
    day = Number(m[2]);
  }
  const at = epochFrom(Date.UTC(year, month, day, hour, Number(m[4])) - offsetMs);
  if (at === null) return null;
  // Stamps are to the minute, `date` to the second: the first post's own minute is `date`.
  return at <= anchor && anchor < at + 60_000 ? anchor : at;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `date` is epoch seconds, as a string on the wire; `1e13` (ms sent as seconds) is refused. */
function epochSeconds(value: string | number): EpochMs | null {
  return epochFromSeconds(value);
}

/** An event still in `current` may also have been copied to `archive`: keep the first seen. */
function dropRepeats(incidents: Incident[], warn: Warn): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of incidents) {
    if (byId.has(incident.vendorId)) warn(`entry ${incident.vendorId} listed twice`);
    else byId.set(incident.vendorId, incident);
  }
  return [...byId.values()];
}

function originOf(url: string | null): string | null {
  return /^https?:\/\/[^/?#\s]+/i.exec(url ?? '')?.[0].toLowerCase() ?? null;
}
