import { cappedWarnings } from './_warnings.ts';
import { z } from 'zod';
import {
  StatuswatchError,
  normalizeIncidentStatus,
  type AffectedComponent,
  type EpochMs,
  type Impact,
  type Incident,
  type IncidentStatus,
  type IncidentUpdate,
  type Snapshot,
} from '../domain/index.ts';
import type { Source } from './source.ts';
import { bodyFromMarkdown } from './_body.ts';
import { parseWireTime, type Warn } from './_statuspage-mapping.ts';
import { parseEach } from './_statuspage-wire.ts';

/**
 * Google Cloud's status feed, `https://status.cloud.google.com/incidents.json`: a JSON array of
 * the newest incidents, resolved or not, each with its updates newest first and Markdown texts.
 * It lists no components and no maintenances; `affected_products` name the products an
 * incident touched.
 *
 * Words (README "Vocabularies"):
 * - impact from `severity`: high → major, medium → minor, low → minor. `high` is what GCP
 *   shows as a "service outage", `medium` a "disruption", `low` "information": only outages
 *   are major, so that the common disruptions do not read as emergencies.
 * - update status: SERVICE_INFORMATION / SERVICE_DISRUPTION / SERVICE_OUTAGE → investigating
 *   (GCP has no identified or monitoring step), AVAILABLE → resolved. The GCP word is kept as
 *   the update's label.
 * - incident status: resolved when `end` is set, else that of the newest update.
 */
export const gcpStatus: Source = {
  format: 'gcp',
  detect(body) {
    if (!body.trimStart().startsWith('[')) return false;
    try {
      const json: unknown = JSON.parse(body);
      return Array.isArray(json) && looksLikeGcpIncident(json[0]);
    } catch {
      return false;
    }
  },
  parse(body) {
    const items = readGcpArray(body);
    const warnings = cappedWarnings();
    const wire = parseEach(wireIncidentSchema, items, 'incident', warnings.add);
    const byId = new Map<string, Incident>();
    for (const raw of wire) {
      const incident = mapIncident(raw, warnings.add);
      if (incident === null) continue;
      if (byId.has(incident.vendorId)) warnings.add(`incident ${incident.vendorId} listed twice`);
      else byId.set(incident.vendorId, incident);
    }
    return {
      format: 'gcp',
      page: { name: 'Google Cloud', url: GCP_PAGE, updatedAt: null },
      components: null,
      incidents: [...byId.values()],
      coverage: 'window',
      warnings: warnings.list(),
    } satisfies Snapshot;
  },
};

// --- internal ---

const GCP_PAGE = 'https://status.cloud.google.com';

const text = z.string().nullish();
const list = z.array(z.unknown()).nullish();

const wireUpdateSchema = z.looseObject({
  created: text,
  modified: text,
  when: text,
  text,
  status: text,
});

const wireProductSchema = z.looseObject({ id: text, title: text });

const wireIncidentSchema = z.looseObject({
  id: text,
  begin: text,
  created: text,
  end: text,
  modified: text,
  external_desc: text,
  updates: list,
  most_recent_update: z.unknown().optional(),
  severity: text,
  status_impact: text,
  affected_products: list,
  uri: text,
});

type WireIncident = z.infer<typeof wireIncidentSchema>;
type WireUpdate = z.infer<typeof wireUpdateSchema>;

function looksLikeGcpIncident(item: unknown): boolean {
  return (
    item !== null &&
    typeof item === 'object' &&
    'external_desc' in item &&
    ('most_recent_update' in item || 'updates' in item)
  );
}

/** Not JSON is `parse`; JSON that is not a list of GCP incidents is `unsupported_format`. */
function readGcpArray(body: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    const reason = e instanceof Error ? e.message : String(e);
    throw new StatuswatchError(
      'parse',
      `GCP body is not valid JSON (starts "${start}"): ${reason}`,
      {
        cause: e,
      },
    );
  }
  if (!Array.isArray(json)) {
    const what = json === null ? 'null' : typeof json;
    throw new StatuswatchError('unsupported_format', `expected a GCP incident array, got ${what}`);
  }
  // An odd item deep in the list costs a warning; a foreign first item means a foreign list.
  if (json.length > 0 && !looksLikeGcpIncident(json[0])) {
    throw new StatuswatchError(
      'unsupported_format',
      'JSON array does not hold GCP incidents (first item has no external_desc and updates)',
    );
  }
  return json;
}

function mapIncident(raw: WireIncident, warn: Warn): Incident | null {
  if (raw.id == null || raw.id === '') {
    warn(`incident "${raw.external_desc ?? ''}" skipped: no id`);
    return null;
  }
  const where = `incident ${raw.id}`;
  const time = (key: 'begin' | 'created' | 'end'): EpochMs | null =>
    parseWireTime(raw[key], `${where} ${key}`, warn);
  const updates = mapUpdates(wireUpdatesOf(raw, where, warn), raw.id, warn);
  const resolvedAt = time('end');
  const newest = updates.at(-1);
  const status: IncidentStatus =
    resolvedAt !== null ? 'resolved' : newest?.status === 'resolved' ? 'resolved' : 'investigating';
  if (raw.external_desc == null || raw.external_desc.trim() === '') warn(`${where}: no title`);
  return {
    vendorId: raw.id,
    title: raw.external_desc?.trim() ?? '',
    kind: 'incident',
    impact: impactOf(raw, where, warn),
    status,
    createdAt: time('created'),
    startedAt: time('begin'),
    monitoringAt: null,
    // Without `end`, a resolved incident was resolved by its newest update.
    resolvedAt: resolvedAt ?? (status === 'resolved' ? (newest?.displayedAt ?? null) : null),
    scheduledFor: null,
    scheduledUntil: null,
    url: `${GCP_PAGE}/${(raw.uri ?? `incidents/${raw.id}`).replace(/^\/+/, '')}`,
    shortlink: null,
    components: productsOf(raw.affected_products, where, warn),
    updates,
    postmortem: null,
    isTemplate: false,
  };
}

/** `most_recent_update` repeats `updates[0]`; alone, it is the only update we have. */
function wireUpdatesOf(raw: WireIncident, where: string, warn: Warn): WireUpdate[] {
  const listed = raw.updates ?? (raw.most_recent_update == null ? [] : [raw.most_recent_update]);
  return parseEach(wireUpdateSchema, listed, `${where} update`, warn);
}

/**
 * GCP lists updates newest first and gives them no ids. Oldest first, an update's position
 * does not change as new ones arrive, so its creation time plus that position is its id.
 */
function mapUpdates(wire: readonly WireUpdate[], incidentId: string, warn: Warn): IncidentUpdate[] {
  const late = Number.POSITIVE_INFINITY;
  const drafts = [...wire].reverse().map((u, index) => {
    const where = `incident ${incidentId} update #${index}`;
    const displayedAt = parseWireTime(u.when, `${where} when`, warn);
    const createdAt = parseWireTime(u.created, `${where} created`, warn);
    return { u, where, index, displayedAt, createdAt };
  });
  // Stable sort: updates posted at the same instant keep the vendor's order.
  drafts.sort(
    (a, b) => (a.displayedAt ?? a.createdAt ?? late) - (b.displayedAt ?? b.createdAt ?? late),
  );
  let previous: IncidentStatus | null = null;
  return drafts.map(({ u, where, index, displayedAt, createdAt }) => {
    const status = updateStatus(u.status, previous, where, warn);
    previous = status;
    const body = u.text == null || u.text.trim() === '' ? null : bodyFromMarkdown(u.text);
    const stamp = createdAt === null ? 'undated' : new Date(createdAt).toISOString();
    return {
      vendorId: `${stamp}#${index}`,
      status,
      label: u.status == null || u.status === '' ? null : u.status,
      bodyHtml: body?.html ?? '',
      bodyText: body?.text ?? '',
      displayedAt,
      createdAt,
      affectedComponents: [],
    };
  });
}

const UPDATE_STATUSES: Record<string, IncidentStatus> = {
  SERVICE_INFORMATION: 'investigating',
  SERVICE_DISRUPTION: 'investigating',
  SERVICE_OUTAGE: 'investigating',
  AVAILABLE: 'resolved',
};

/** A GCP word, else a generic status word ("resolved"); anything else keeps `previous`. */
function updateStatus(
  word: string | null | undefined,
  previous: IncidentStatus | null,
  where: string,
  warn: Warn,
): IncidentStatus {
  const known = word == null ? undefined : UPDATE_STATUSES[word.trim().toUpperCase()];
  if (known !== undefined) return known;
  const normalized = normalizeIncidentStatus(word, previous);
  if (word == null || word === '') warn(`${where}: no status; read as ${normalized.value}`);
  else if (normalized.unknownWord !== undefined) {
    warn(`${where}: unknown status "${word}" read as ${normalized.value}`);
  }
  return normalized.value;
}

const IMPACTS: Record<string, Impact> = { high: 'major', medium: 'minor', low: 'minor' };
const IMPACTS_BY_STATUS_IMPACT: Record<string, Impact> = {
  SERVICE_OUTAGE: 'major',
  SERVICE_DISRUPTION: 'minor',
  SERVICE_INFORMATION: 'minor',
};

/** `severity` and `status_impact` say the same thing in two words; either will do. */
function impactOf(raw: WireIncident, where: string, warn: Warn): Impact | null {
  const { severity, status_impact: statusImpact } = raw;
  if (severity == null && statusImpact == null) return null;
  const known =
    (severity == null ? undefined : IMPACTS[severity.trim().toLowerCase()]) ??
    (statusImpact == null ? undefined : IMPACTS_BY_STATUS_IMPACT[statusImpact.trim()]);
  if (known !== undefined) return known;
  warn(`${where}: unknown severity "${severity ?? statusImpact ?? ''}" read as minor`);
  return 'minor';
}

/** Products are what GCP lists instead of components; their status is not given. */
function productsOf(
  raw: unknown[] | null | undefined,
  where: string,
  warn: Warn,
): AffectedComponent[] {
  return parseEach(wireProductSchema, raw, `${where} product`, warn).flatMap((p) => {
    const name = p.title ?? p.id;
    if (name == null || name === '') return [];
    return [{ vendorId: p.id ?? null, name, oldStatus: null, newStatus: null }];
  });
}
