import { SyntaxValidator } from 'fast-xml-validator';
import { MalformedError, parseAtomFeed, parseRssFeed } from 'feedsmith';
import type { AtomFeed, RssFeed } from 'feedsmith';
import {
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  StatuswatchError,
  epochFrom,
  isClosedStatus,
  isOneOf,
  kindOfStatusWord,
  normalizeIncidentStatus,
  maintenanceStart,
  normalizeMaintenanceStatus,
  statusByTime,
  type AnyIncidentStatus,
  type EpochMs,
  type Incident,
  type IncidentKind,
  type IncidentUpdate,
  type Normalized,
  type Postmortem,
  type Snapshot,
} from '../domain/index.ts';
import { updatesFromEntryHtml, type EntryUpdates, type FeedUpdate } from './_feed-updates.ts';
import { isTemplateIncident } from './_statuspage-mapping.ts';
import type { PayloadMeta, Source } from './source.ts';

/**
 * Atlassian Statuspage `history.atom` / `history.rss`: the newest incidents and maintenances,
 * each entry holding its updates as escaped HTML (see `_feed-updates.ts`). Feeds state neither
 * components nor impact.
 */
export const statuspageFeed: Source = {
  format: 'statuspage-feed',
  detect(body) {
    const root = rootElementOf(body);
    return (root === 'feed' || root === 'rss') && looksLikeStatuspageHistory(body);
  },
  parse(body, meta) {
    return snapshotOf(readFeed(body), meta);
  },
};

// --- internal ---

interface FeedDate {
  at: EpochMs;
  /** The UTC offset the date was written in, in minutes; null when it names no offset. */
  offsetMinutes: number | null;
}

interface FeedEntry {
  tagId: string | null;
  link: string | null;
  title: string;
  html: string;
  dates: FeedDate[];
}

interface FeedDocument {
  title: string | null;
  url: string | null;
  updated: FeedDate | null;
  entries: FeedEntry[];
}

type Warn = (message: string) => void;

/** An `Incident/<n>` entry id, the stamp markup (raw or escaped), or an "Incident History" title. */
const STATUSPAGE_MARKS =
  /:Incident\/\d+|data-var=(?:'|"|&apos;|&#39;|&quot;)date|<title[^<>]*>[^<]*Incident History\s*<\/title>/i;

function looksLikeStatuspageHistory(body: string): boolean {
  return STATUSPAGE_MARKS.test(body);
}

function readFeed(body: string): FeedDocument {
  // feedsmith runs fast-xml-parser with processEntities off, so a "billion laughs" DTD is not
  // expanded today; it would surface as literal "&lol9;" text. Statuspage never declares
  // entities, so refusing any up front costs nothing and survives a dependency changing that.
  if (/<!ENTITY/i.test(body)) throw new StatuswatchError('parse', 'feed declares XML entities');
  const root = rootElementOf(body);
  if (root === null) throw new StatuswatchError('unsupported_format', 'payload is not XML');
  if (root !== 'feed' && root !== 'rss') {
    throw new StatuswatchError('unsupported_format', `root element <${root}> is not a feed`);
  }
  // feedsmith's parser is lenient: a truncated download or a lost </entry> would pass for a
  // shorter window. Well-formedness is checked first, so such a payload is refused instead.
  try {
    SyntaxValidator.validate(body);
  } catch (e) {
    const line = (e as { line?: number }).line;
    throw new StatuswatchError(
      'parse',
      `malformed XML: ${(e as Error).message} (line ${line ?? '?'})`,
    );
  }
  const doc = withFeedsmith(() =>
    root === 'feed' ? fromAtom(parseAtomFeed(body)) : fromRss(parseRssFeed(body)),
  );
  if (!looksLikeStatuspageHistory(body)) {
    throw new StatuswatchError('unsupported_format', 'feed is not a Statuspage incident history');
  }
  return doc;
}

function withFeedsmith(read: () => FeedDocument): FeedDocument {
  try {
    return read();
  } catch (e) {
    // feedsmith is lenient: MalformedError means the XML itself could not be read.
    if (e instanceof MalformedError) {
      const detail = e.cause instanceof Error ? `: ${e.cause.message}` : '';
      throw new StatuswatchError('parse', `malformed XML${detail}`, { cause: e });
    }
    throw new StatuswatchError('unsupported_format', 'not a readable Atom/RSS feed', { cause: e });
  }
}

/** The local name of the first element after the XML declaration, comments and doctype. */
function rootElementOf(body: string): string | null {
  const prologItem = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)\s*/i;
  let rest = body.replace(/^\uFEFF/, '').trimStart();
  for (let m = prologItem.exec(rest); m !== null; m = prologItem.exec(rest)) {
    rest = rest.slice(m[0].length);
  }
  const name = /^<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)/.exec(rest)?.[1];
  return name === undefined ? null : name.toLowerCase();
}

function fromAtom(feed: AtomFeed.Feed<string>): FeedDocument {
  return {
    title: feed.title?.value ?? null,
    url: alternateLink(feed.links),
    updated: feedDate(feed.updated),
    entries: (feed.entries ?? []).map((e) => ({
      tagId: e.id ?? null,
      link: alternateLink(e.links),
      title: e.title?.value ?? '',
      html: e.content?.value ?? e.summary?.value ?? '',
      dates: [feedDate(e.published), feedDate(e.updated)].filter((d) => d !== null),
    })),
  };
}

function fromRss(feed: RssFeed.Feed<string>): FeedDocument {
  return {
    title: feed.title ?? null,
    url: feed.link ?? null,
    updated: feedDate(feed.pubDate ?? feed.lastBuildDate),
    entries: (feed.items ?? []).map((item) => ({
      tagId: item.guid?.value ?? null,
      link: item.link ?? item.guid?.value ?? null,
      title: item.title ?? '',
      html: item.content?.encoded ?? item.description ?? '',
      dates: [feedDate(item.pubDate)].filter((d) => d !== null),
    })),
  };
}

function alternateLink(links: readonly AtomFeed.Link<string>[] | undefined): string | null {
  const link = links?.find((l) => (l.rel ?? 'alternate') === 'alternate');
  return link?.href ?? null;
}

function feedDate(text: string | undefined): FeedDate | null {
  if (text === undefined) return null;
  const at = epochFrom(Date.parse(text));
  if (at === null) return null;
  const m = /(?:([+-])(\d{2}):?(\d{2})|(Z|GMT|UTC?))\s*$/i.exec(text.trim());
  if (m === null) return { at, offsetMinutes: null };
  const minutes = m[4] === undefined ? Number(m[2]) * 60 + Number(m[3]) : 0;
  return { at, offsetMinutes: m[1] === '-' ? -minutes : minutes };
}

function snapshotOf(doc: FeedDocument, meta: PayloadMeta): Snapshot {
  const warnings: string[] = [];
  const incidents = doc.entries.flatMap((entry, index) => {
    const incident = incidentOf(entry, doc, meta, (m) => warnings.push(m), index);
    return incident === null ? [] : [incident];
  });
  const name = doc.title?.replace(/\s*(?:\bStatus\s*)?-\s*Incident History\s*$/i, '') ?? null;
  return {
    format: 'statuspage-feed',
    page: { name, url: doc.url, updatedAt: doc.updated?.at ?? null },
    components: null,
    incidents,
    coverage: 'window',
    warnings,
  };
}

/**
 * The JSON API names incidents by short code (`bhbcjn4n3jzp`), which a feed shows only in the
 * entry's link `/incidents/<code>`; using it lets one incident seen through both sources match.
 * Without such a link, the numeric id of the Atom tag `…:Incident/<n>` stands in.
 */
function incidentIdOf(entry: FeedEntry): string | null {
  const code = /\/incidents\/([A-Za-z0-9]+)\/?(?:[?#].*)?$/.exec(entry.link ?? '')?.[1];
  if (code !== undefined) return code;
  const tag = /Incident\/(\d+)\s*$/.exec(entry.tagId ?? '')?.[1];
  return tag ?? (entry.tagId !== null && entry.tagId !== '' ? entry.tagId : null);
}

function incidentOf(
  entry: FeedEntry,
  doc: FeedDocument,
  meta: PayloadMeta,
  warn: Warn,
  index: number,
): Incident | null {
  const vendorId = incidentIdOf(entry);
  if (vendorId === null) {
    warn(`entry #${index + 1}: no id or incident link; skipped`);
    return null;
  }
  const where = `incident ${vendorId}`;
  const own = entry.dates.map((d) => d.at);
  const anchorAt = own.length > 0 ? Math.max(...own) : (doc.updated?.at ?? meta.fetchedAt);
  const offsetHints = [...entry.dates, ...(doc.updated === null ? [] : [doc.updated])]
    .map((d) => d.offsetMinutes)
    .filter((o) => o !== null);
  const parsed = updatesFromEntryHtml(entry.html, { anchorAt, offsetHints });
  for (const w of parsed.warnings) warn(`${where}: ${w}`);
  if (parsed.updates.length === 0) {
    warn(`${where}: no updates found in the entry; skipped`);
    return null;
  }
  return assembleIncident(vendorId, entry, parsed, warn);
}

function assembleIncident(
  vendorId: string,
  entry: FeedEntry,
  parsed: EntryUpdates,
  warn: Warn,
): Incident {
  const maintenance =
    parsed.scheduledFor !== null ||
    parsed.updates.some((u) => kindOfStatusWord(u.label) === 'maintenance');
  const kind: IncidentKind = maintenance ? 'maintenance' : 'incident';
  const updates = modelUpdates(vendorId, kind, parsed.updates, warn);
  const status = statusByTime(updates) ?? (maintenance ? 'scheduled' : 'investigating');
  const createdAt = updates.find((u) => u.displayedAt !== null)?.displayedAt ?? null;
  // The postmortem also stays in `updates`, with status 'postmortem', where the feed shows it.
  const postmortem = updates.findLast((u) => u.status === 'postmortem');
  return {
    vendorId,
    title: entry.title,
    kind,
    impact: maintenance ? 'maintenance' : null,
    status,
    createdAt,
    startedAt: maintenance ? maintenanceStart(updates, parsed.scheduledFor) : createdAt,
    monitoringAt: firstTimeOf(updates, 'monitoring'),
    resolvedAt: isClosedStatus(status) ? closedAt(updates) : null,
    scheduledFor: parsed.scheduledFor,
    scheduledUntil: parsed.scheduledUntil,
    url: entry.link,
    shortlink: null,
    components: [],
    updates,
    postmortem: postmortem === undefined ? null : postmortemOf(postmortem),
    isTemplate: isTemplateIncident(entry.title, updates),
  };
}

/**
 * Feeds carry no update ids. This one is built from the incident, the shown time and the label,
 * never the body, which vendors edit; equal time and label get an ordinal, counted oldest first
 * so that a newer update never renames an older one. The feed shows only the display time, so
 * `createdAt` stays unknown.
 */
function modelUpdates(
  incidentId: string,
  kind: IncidentKind,
  feedUpdates: readonly FeedUpdate[],
  warn: Warn,
): IncidentUpdate[] {
  const seen = new Map<string, number>();
  let previous: AnyIncidentStatus | null = null;
  const where = `incident ${incidentId}`;
  return feedUpdates.map((u) => {
    const normalized = statusOf(kind, u.label, previous);
    if (normalized.unknownWord !== undefined) {
      warn(`${where}: unknown ${kind} label "${u.label}" read as ${normalized.value}`);
    }
    previous = normalized.value;
    const base = `${incidentId}-${compactTime(u.at)}-${slug(u.label)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return {
      vendorId: count === 1 ? base : `${base}-${count}`,
      status: normalized.value,
      label: slug(u.label).replace(/-/g, '_') === normalized.value ? null : u.label,
      bodyHtml: u.body.html,
      bodyText: u.body.text,
      displayedAt: u.at,
      createdAt: null,
      affectedComponents: [],
    };
  });
}

function statusOf(
  kind: IncidentKind,
  label: string,
  previous: AnyIncidentStatus | null,
): Normalized<AnyIncidentStatus> {
  return kind === 'maintenance'
    ? normalizeMaintenanceStatus(label, isOneOf(MAINTENANCE_STATUSES, previous) ? previous : null)
    : normalizeIncidentStatus(label, isOneOf(INCIDENT_STATUSES, previous) ? previous : null);
}

function postmortemOf(u: IncidentUpdate): Postmortem {
  return { bodyHtml: u.bodyHtml, bodyText: u.bodyText, publishedAt: u.displayedAt };
}

function firstTimeOf(updates: readonly IncidentUpdate[], status: AnyIncidentStatus) {
  return updates.find((u) => u.status === status && u.displayedAt !== null)?.displayedAt ?? null;
}

/** The time of the last update labelled Resolved or Completed (an "Update" after it keeps it). */
function closedAt(updates: readonly IncidentUpdate[]): EpochMs | null {
  const closing = updates.findLast(
    (u) => u.label === null && (u.status === 'resolved' || u.status === 'completed'),
  );
  return closing?.displayedAt ?? null;
}

function compactTime(at: EpochMs | null): string {
  if (at === null) return 'undated';
  return new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
}

function slug(label: string): string {
  const words = label.toLowerCase().match(/[a-z0-9]+/g);
  return words === null ? 'none' : words.join('-');
}
