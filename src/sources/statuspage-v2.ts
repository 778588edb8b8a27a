import { cappedWarnings } from './_warnings.ts';
import { epochFrom, type Component, type Snapshot, type SourceFormat } from '../domain/index.ts';
import { keepNewest } from './_validate-snapshot.ts';
import type { PayloadMeta, Source } from './source.ts';
import { bodyFromPlainText, type Body } from './_body.ts';
import {
  componentStatus,
  mapIncident,
  parseWireTime,
  type MappingContext,
  type Warn,
} from './_statuspage-mapping.ts';
import {
  isUlid,
  parseEach,
  readStatuspageDocument,
  sniffStatuspageJson,
  wireComponentSchema,
  wireIncidentSchema,
  wirePageSchema,
  type WireComponent,
  type WireDocument,
  type WirePage,
} from './_statuspage-wire.ts';

/**
 * Atlassian Statuspage public API v2: `summary.json`, `components.json`, `incidents.json`,
 * `incidents/unresolved.json`, `scheduled-maintenances[/upcoming|/active].json` and
 * `incidents/{id}.json`. Update bodies are plain text.
 */
export const statuspageV2: Source = {
  format: 'statuspage-v2',
  detect(body) {
    const sniffed = sniffStatuspageJson(body);
    // incident.io serves the same shape; its ULIDs tell it apart, and it has its own source.
    return sniffed !== null && !isUlid(sniffed.pageId) && !sniffed.itemIds.some(isUlid);
  },
  parse(body, meta) {
    return snapshotFromStatuspageJson(body, meta, 'statuspage-v2', bodyFromPlainText);
  },
};

/**
 * One v2 document (summary, components, incidents, maintenances or one incident) → Snapshot.
 * Shared with incident.io, whose compatible endpoint differs only in what it leaves out.
 */
export function snapshotFromStatuspageJson(
  body: string,
  meta: PayloadMeta,
  format: SourceFormat,
  updateBody: (text: string) => Body,
): Snapshot {
  const doc = readStatuspageDocument(body);
  const warnings = cappedWarnings();
  const warn = warnings.add;
  const page = readPage(doc.page, warn);
  const pageUrl = (page.url ?? originOf(meta.url))?.replace(/\/+$/, '') ?? null;
  const ctx: MappingContext = { warn, pageUrl, updateBody };
  return {
    format,
    page: {
      name: page.name ?? null,
      url: page.url ?? null,
      updatedAt: parseWireTime(page.updated_at, 'page updated_at', warn),
    },
    components: doc.components == null ? null : mapComponents(doc.components, warn),
    incidents: collectIncidents(doc, ctx),
    coverage: coverageOf(doc, meta.url),
    warnings: warnings.list(),
  };
}

// --- internal ---

/**
 * `summary.json` lists open incidents and upcoming/active maintenances only; the full lists
 * (`incidents.json`, `scheduled-maintenances.json`) hold the newest N of each. The URL says
 * which when we have it; otherwise a document with components and incidents or status is a
 * summary. `components.json` and `status.json` say nothing about incidents: an empty window.
 */
function coverageOf(doc: WireDocument, url: string | null): Snapshot['coverage'] {
  if (doc.incident !== null && typeof doc.incident === 'object') return 'single';
  const path = (url ?? '').split(/[?#]/)[0] ?? '';
  if (/\/(summary|unresolved|upcoming|active)\.json$/.test(path)) return 'open-only';
  if (/\/(incidents|scheduled-maintenances|components|status)\.json$/.test(path)) return 'window';
  const isSummary =
    doc.components != null &&
    (doc.incidents != null || doc.scheduled_maintenances != null || doc.status != null);
  return isSummary ? 'open-only' : 'window';
}

function readPage(raw: unknown, warn: Warn): WirePage {
  if (raw == null) {
    warn('no page object');
    return {};
  }
  const [page] = parseEach(wirePageSchema, [raw], 'page', warn);
  return page ?? {};
}

/** Groups are not components, but their names label their children. */
function mapComponents(raw: readonly unknown[], warn: Warn): Component[] {
  const wire = newestComponents(parseEach(wireComponentSchema, raw, 'component', warn), warn);
  const groupIds = new Set(wire.map((c) => c.group_id).filter((g) => g != null));
  const isGroup = (c: WireComponent): boolean => c.group === true || groupIds.has(c.id ?? '');
  const groupNames = new Map(wire.filter(isGroup).map((g) => [g.id, g.name ?? null]));
  return wire.flatMap((c, index): Component[] => {
    if (isGroup(c)) return [];
    if (c.id == null || c.id === '') {
      warn(`component "${c.name ?? ''}" skipped: no id`);
      return [];
    }
    const where = `component ${c.id}`;
    // A component must have a status; an unreadable one must not look like good news.
    const status = componentStatus(c.status, where, warn);
    if (status === null) warn(`${where}: no status; read as degraded_performance`);
    const groupName = c.group_id == null ? null : (groupNames.get(c.group_id) ?? null);
    const name = c.name ?? c.id;
    return [
      {
        vendorId: c.id,
        name,
        groupName,
        status: status ?? 'degraded_performance',
        position: c.position ?? index,
      },
    ];
  });
}

/** A component id listed twice: the copy with the newest `updated_at` is the vendor's current one. */
function newestComponents(wire: WireComponent[], warn: Warn): WireComponent[] {
  const keyed = wire.map((c, index) => ({ vendorId: c.id ?? `#${String(index)}`, c }));
  const time = (k: (typeof keyed)[number]): number | null => epochFrom(k.c.updated_at ?? null);
  return keepNewest(keyed, time, 'component', warn).map((k) => k.c);
}

/** Incidents, then maintenances; an id seen twice is kept once (the newest, see validateSnapshot). */
function collectIncidents(doc: WireDocument, ctx: MappingContext): Snapshot['incidents'] {
  const single = doc.incident == null ? [] : [doc.incident];
  const listed = [...single, ...(doc.incidents ?? [])];
  const tagged = (items: unknown[] | null | undefined, what: string, fromMaintenances: boolean) =>
    parseEach(wireIncidentSchema, items, what, ctx.warn).map((raw) => ({ raw, fromMaintenances }));
  const wire = [
    ...tagged(listed, 'incident', false),
    ...tagged(doc.scheduled_maintenances, 'maintenance', true),
  ];
  return wire.flatMap(({ raw, fromMaintenances }) => mapIncident(raw, fromMaintenances, ctx) ?? []);
}

/** Without `page.url`, the API's own origin is the page (true for Statuspage custom domains). */
function originOf(url: string | null): string | null {
  if (url === null || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
