import {
  MAINTENANCE_STATUSES,
  epochFrom,
  isClosedStatus,
  isOneOf,
  kindOfStatusWord,
  maintenanceStart,
  normalizeComponentStatus,
  normalizeImpact,
  normalizeIncidentStatus,
  normalizeMaintenanceStatus,
  type AffectedComponent,
  type AnyIncidentStatus,
  type ComponentStatus,
  type EpochMs,
  type Impact,
  type Incident,
  type IncidentKind,
  type IncidentUpdate,
  type Postmortem,
} from '../domain/index.ts';
import { bodyFromMarkdown, type Body } from './_body.ts';
import {
  parseEach,
  wireAffectedComponentSchema,
  wireComponentSchema,
  wireIncidentUpdateSchema,
  type WireIncident,
  type WireIncidentUpdate,
} from './_statuspage-wire.ts';

export type Warn = (message: string) => void;

/** What every incident mapping needs besides the wire object. */
export interface MappingContext {
  warn: Warn;
  /** The page's public URL without a trailing slash, for incident links. */
  pageUrl: string | null;
  /** Statuspage update bodies are plain text; incident.io's are Markdown. */
  updateBody: (text: string) => Body;
}

export function mapIncident(
  raw: WireIncident,
  fromMaintenances: boolean,
  ctx: MappingContext,
): Incident | null {
  const { warn } = ctx;
  if (raw.id == null || raw.id === '') {
    warn(`incident "${raw.name ?? ''}" skipped: no id`);
    return null;
  }
  const where = `incident ${raw.id}`;
  const wireUpdates = parseEach(
    wireIncidentUpdateSchema,
    raw.incident_updates,
    `${where} update`,
    warn,
  );
  const kind = kindOf(raw, wireUpdates, fromMaintenances);
  const updates = mapUpdates(wireUpdates, raw.id, kind, ctx);
  const status = statusOf(kind, raw.status, updates.at(-1)?.status ?? null, where, warn);
  if (raw.name == null || raw.name === '') warn(`${where}: no name`);
  return {
    vendorId: raw.id,
    title: raw.name ?? '',
    kind,
    impact: raw.impact == null ? null : impactOf(raw.impact, where, warn),
    status,
    ...incidentTimes(raw, { kind, status }, updates, where, warn),
    url: raw.url ?? (ctx.pageUrl === null ? null : `${ctx.pageUrl}/incidents/${raw.id}`),
    shortlink: raw.shortlink ?? null,
    components: incidentComponents(raw.components, where, warn),
    updates,
    postmortem: postmortemOf(raw, where, warn) ?? postmortemUpdateOf(updates),
    isTemplate: isTemplateIncident(raw.name, updates),
  };
}

/**
 * Statuspage seeds every new page with sample entries: "This is an example incident" with
 * updates "This is an example incident update", and "Example Scheduled Maintenance". A real
 * incident may mention an example (say "example.com DNS"), so the rule is strict: the title
 * *starts* with "This is an example" or *is* "Example (scheduled) maintenance/incident", or
 * every update body starts with "This is an example incident/maintenance/update" (a renamed
 * sample).
 */
export function isTemplateIncident(
  title: string | null | undefined,
  updates: readonly IncidentUpdate[],
): boolean {
  const t = (title ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^this is an? example\b/.test(t)) return true;
  if (/^example (scheduled )?(incident|maintenance)[.!]?$/.test(t)) return true;
  const bodies = updates.map((u) => u.bodyText.trim().toLowerCase());
  const sample = /^this is an? example (incident|scheduled maintenance|maintenance|update)\b/;
  return bodies.length > 0 && bodies.every((b) => sample.test(b));
}

/** An ISO-8601 wire time → epoch ms; anything else (or out of range) is null and a warning. */
export function parseWireTime(
  value: string | null | undefined,
  where: string,
  warn: Warn,
): EpochMs | null {
  if (value == null || value === '') return null;
  const looksLikeTime = /^\d{4}-\d{2}-\d{2}/.test(value);
  const ms = looksLikeTime ? epochFrom(value) : null;
  if (ms === null) {
    const problem =
      looksLikeTime && !Number.isNaN(Date.parse(value)) ? 'out-of-range' : 'unparseable';
    warn(`${where}: ${problem} time "${value.slice(0, 60)}"`);
    return null;
  }
  return ms;
}

/** A component status word; null when absent, the nearest value and a warning when unknown. */
export function componentStatus(
  word: string | null | undefined,
  where: string,
  warn: Warn,
): ComponentStatus | null {
  if (word == null || word === '') return null;
  const normalized = normalizeComponentStatus(word);
  if (normalized.unknownWord !== undefined) {
    warn(`${where}: unknown component status "${word}" read as ${normalized.value}`);
  }
  return normalized.value;
}

// --- internal ---

type WireTimeKey =
  `${'created' | 'started' | 'monitoring' | 'resolved'}_at` | `scheduled_${'for' | 'until'}`;

/**
 * Statuspage sets started_at to the creation time unless told otherwise, and monitoring_at /
 * resolved_at from the update that moved the incident there. incident.io's compatible endpoint
 * omits those keys, so they are read from the same updates.
 */
function incidentTimes(
  raw: WireIncident,
  { kind, status }: { kind: IncidentKind; status: AnyIncidentStatus },
  updates: readonly IncidentUpdate[],
  where: string,
  warn: Warn,
): Pick<
  Incident,
  'createdAt' | 'startedAt' | 'monitoringAt' | 'resolvedAt' | 'scheduledFor' | 'scheduledUntil'
> {
  const at = (key: WireTimeKey): EpochMs | null => parseWireTime(raw[key], `${where} ${key}`, warn);
  const createdAt = at('created_at');
  const scheduledFor = at('scheduled_for');
  // For a maintenance, started_at is the announcement; it starts "in progress" (or as scheduled).
  const started = kind === 'maintenance' ? maintenanceStart(updates, scheduledFor) : null;
  return {
    createdAt,
    startedAt: started ?? at('started_at') ?? createdAt,
    monitoringAt: at('monitoring_at') ?? firstTimeWith(updates, 'monitoring'),
    resolvedAt: at('resolved_at') ?? closedSince(status, updates),
    scheduledFor,
    scheduledUntil: at('scheduled_until'),
  };
}

function kindOf(
  raw: WireIncident,
  updates: readonly WireIncidentUpdate[],
  fromMaintenances: boolean,
): IncidentKind {
  if (fromMaintenances || raw.scheduled_for != null || raw.impact === 'maintenance') {
    return 'maintenance';
  }
  const words = [raw.status, ...updates.map((u) => u.status)];
  const isMaintenanceWord = (w: string | null | undefined): boolean =>
    w != null && kindOfStatusWord(w) === 'maintenance';
  return words.some(isMaintenanceWord) ? 'maintenance' : 'incident';
}

/** Vendors list updates newest first; we keep them oldest first, by display then creation. */
function mapUpdates(
  wire: readonly WireIncidentUpdate[],
  incidentId: string,
  kind: IncidentKind,
  ctx: MappingContext,
): IncidentUpdate[] {
  const drafts = [...wire].reverse().map((u, index) => {
    const where = `incident ${incidentId} update ${u.id ?? `at ${u.display_at ?? u.created_at ?? 'unknown time'}`}`;
    const displayedAt = parseWireTime(u.display_at, `${where} display_at`, ctx.warn);
    const createdAt = parseWireTime(u.created_at, `${where} created_at`, ctx.warn);
    return { u, where, index, displayedAt, createdAt };
  });
  const late = Number.POSITIVE_INFINITY;
  drafts.sort(
    (a, b) =>
      (a.displayedAt ?? a.createdAt ?? late) - (b.displayedAt ?? b.createdAt ?? late) ||
      (a.createdAt ?? late) - (b.createdAt ?? late),
  );
  let previous: AnyIncidentStatus | null = null;
  return drafts.map(({ u, where, index, displayedAt, createdAt }) => {
    const status = statusOf(kind, u.status, previous, where, ctx.warn);
    previous = status;
    if (u.id == null || u.id === '') ctx.warn(`${where}: no id`);
    return {
      vendorId: u.id ?? `${incidentId}-update-${index}`,
      status,
      label: u.status == null || cleanWord(u.status) === status ? null : u.status,
      ...bodyFields(updateBodyOf(u, status, ctx)),
      displayedAt,
      createdAt,
      affectedComponents: updateComponents(u.affected_components, where, ctx.warn),
    };
  });
}

/**
 * Update bodies are plain text, except a postmortem's: Statuspage's postmortem editor writes
 * Markdown, and its public API hands it on raw (Jira's `### **SUMMARY**` in
 * `jira__incidents-2023-09-01.json`), so it is rendered the way incident.io bodies are.
 */
function updateBodyOf(u: WireIncidentUpdate, status: AnyIncidentStatus, ctx: MappingContext): Body {
  if (u.body == null || u.body.trim() === '') return NO_BODY;
  return status === 'postmortem' ? bodyFromMarkdown(u.body) : ctx.updateBody(u.body);
}

/** The vendor's word in the vocabulary of `kind`; a missing or unknown word keeps `previous`. */
function statusOf(
  kind: IncidentKind,
  word: string | null | undefined,
  previous: AnyIncidentStatus | null,
  where: string,
  warn: Warn,
): AnyIncidentStatus {
  const normalized =
    kind === 'maintenance'
      ? normalizeMaintenanceStatus(word, isOneOf(MAINTENANCE_STATUSES, previous) ? previous : null)
      : normalizeIncidentStatus(word, isOneOf(MAINTENANCE_STATUSES, previous) ? null : previous);
  if (word == null || word === '') warn(`${where}: no status; read as ${normalized.value}`);
  else if (normalized.unknownWord !== undefined) {
    warn(`${where}: unknown ${kind} status "${word}" read as ${normalized.value}`);
  }
  return normalized.value;
}

function impactOf(word: string, where: string, warn: Warn): Impact {
  const normalized = normalizeImpact(word);
  if (normalized.unknownWord !== undefined) {
    warn(`${where}: unknown impact "${word}" read as ${normalized.value}`);
  }
  return normalized.value;
}

/** Names inside updates are those of the day; the code links them to today's component. */
function updateComponents(
  raw: unknown[] | null | undefined,
  where: string,
  warn: Warn,
): AffectedComponent[] {
  const wire = parseEach(wireAffectedComponentSchema, raw, `${where} affected component`, warn);
  return wire.flatMap((c) => {
    const name = c.name ?? c.code;
    if (name == null) return [];
    const at = `${where} component ${name}`;
    return [
      {
        vendorId: c.code ?? null,
        name,
        oldStatus: componentStatus(c.old_status, at, warn),
        newStatus: componentStatus(c.new_status, at, warn),
      },
    ];
  });
}

/**
 * An incident's `components` carry each component's status at the time the payload was served,
 * not what the incident did to it, so only identity is kept.
 */
function incidentComponents(
  raw: unknown[] | null | undefined,
  where: string,
  warn: Warn,
): AffectedComponent[] {
  const wire = parseEach(wireComponentSchema, raw, `${where} component`, warn);
  return wire.flatMap((c) => {
    const name = c.name ?? c.id;
    return name == null ? [] : [{ vendorId: c.id ?? null, name, oldStatus: null, newStatus: null }];
  });
}

function postmortemOf(raw: WireIncident, where: string, warn: Warn): Postmortem | null {
  const body = raw.postmortem_body?.trim() ?? '';
  if (body === '') return null;
  const publishedAt = parseWireTime(
    raw.postmortem_published_at,
    `${where} postmortem_published_at`,
    warn,
  );
  return { ...bodyFields(bodyFromMarkdown(body)), publishedAt };
}

/**
 * The public API carries a postmortem as an update with status "postmortem" (display_at null,
 * created_at when it was posted: Box's `box__incidents-2024-01-31-first3.json`); only the
 * authenticated management API has `postmortem_body`.
 */
function postmortemUpdateOf(updates: readonly IncidentUpdate[]): Postmortem | null {
  const update = updates.findLast((u) => u.status === 'postmortem');
  if (update === undefined) return null;
  return {
    bodyHtml: update.bodyHtml,
    bodyText: update.bodyText,
    publishedAt: update.displayedAt ?? update.createdAt,
  };
}

function firstTimeWith(
  updates: readonly IncidentUpdate[],
  status: AnyIncidentStatus,
): EpochMs | null {
  const update = updates.find((u) => u.status === status);
  return update === undefined ? null : (update.displayedAt ?? update.createdAt);
}

/** When a closed incident last became closed: the start of the final run of closed updates. */
function closedSince(
  status: AnyIncidentStatus,
  updates: readonly IncidentUpdate[],
): EpochMs | null {
  if (!isClosedStatus(status)) return null;
  let since: IncidentUpdate | null = null;
  for (const u of updates) since = isClosedStatus(u.status) ? (since ?? u) : null;
  return since === null ? null : (since.displayedAt ?? since.createdAt);
}

const NO_BODY: Body = { html: '', text: '' };

function bodyFields(body: Body): { bodyHtml: string; bodyText: string } {
  return { bodyHtml: body.html, bodyText: body.text };
}

/** The normalizers' spelling of a vendor word, to tell whether it was used as-is. */
const cleanWord = (word: string): string =>
  word
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
