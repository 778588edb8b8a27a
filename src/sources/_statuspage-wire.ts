import { z } from 'zod';
import { StatuswatchError } from '../domain/index.ts';

/**
 * The Statuspage public API v2 wire format, as served by Atlassian Statuspage and by
 * incident.io's compatible endpoint. Every key may be missing or null (incident.io omits many),
 * and unknown keys pass through. Nested lists are `unknown[]` on purpose: their items are
 * checked one by one (`parseEach`), so one odd item costs a warning, not the whole payload.
 */

const text = z.string().nullish();
const time = z.string().nullish();
const id = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .nullish();
const list = z.array(z.unknown()).nullish();

export const wirePageSchema = z.looseObject({
  id,
  name: text,
  url: text,
  time_zone: text,
  updated_at: time,
});

export const wireComponentSchema = z.looseObject({
  id,
  name: text,
  status: text,
  position: z.number().nullish(),
  group: z.boolean().nullish(),
  group_id: id,
  updated_at: time,
});

export const wireAffectedComponentSchema = z.looseObject({
  code: id,
  name: text,
  old_status: text,
  new_status: text,
});

export const wireIncidentUpdateSchema = z.looseObject({
  id,
  status: text,
  body: text,
  created_at: time,
  updated_at: time,
  display_at: time,
  affected_components: list,
});

export const wireIncidentSchema = z.looseObject({
  id,
  name: text,
  status: text,
  impact: text,
  url: text,
  shortlink: text,
  created_at: time,
  updated_at: time,
  started_at: time,
  monitoring_at: time,
  resolved_at: time,
  scheduled_for: time,
  scheduled_until: time,
  postmortem_body: text,
  postmortem_published_at: time,
  incident_updates: list,
  components: list,
});

export const wireStatusSchema = z.looseObject({ indicator: text, description: text });

/** The top level of every v2 document: summary, components, incidents, maintenances, single. */
export const wireDocumentSchema = z.looseObject({
  page: z.unknown().optional(),
  status: z.unknown().optional(),
  components: list,
  incidents: list,
  scheduled_maintenances: list,
  incident: z.unknown().optional(),
});

export type WirePage = z.infer<typeof wirePageSchema>;
export type WireComponent = z.infer<typeof wireComponentSchema>;
export type WireAffectedComponent = z.infer<typeof wireAffectedComponentSchema>;
export type WireIncidentUpdate = z.infer<typeof wireIncidentUpdateSchema>;
export type WireIncident = z.infer<typeof wireIncidentSchema>;
export type WireDocument = z.infer<typeof wireDocumentSchema>;

const DOCUMENT_KEYS = ['components', 'incidents', 'incident', 'scheduled_maintenances', 'status'];

/**
 * JSON text → a v2 document. Not JSON at all is `parse`; JSON that is not a v2 document (an
 * array, an object with none of the v2 keys, a list key holding a non-list) is
 * `unsupported_format`.
 */
export function readStatuspageDocument(body: string): WireDocument {
  const json = parseJson(body);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const what = Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json;
    throw new StatuswatchError(
      'unsupported_format',
      `expected a Statuspage JSON object, got ${what}`,
    );
  }
  if (!('page' in json) && !DOCUMENT_KEYS.some((k) => k in json)) {
    const keys = Object.keys(json).slice(0, 5).join(', ') || 'none';
    throw new StatuswatchError(
      'unsupported_format',
      `JSON object has none of the Statuspage keys page, ${DOCUMENT_KEYS.join(', ')} (keys: ${keys})`,
    );
  }
  const result = wireDocumentSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.')}: ${issue.message}`;
    throw new StatuswatchError('unsupported_format', `not a Statuspage v2 document${where}`);
  }
  return result.data;
}

/** Items of a wire list that fit `schema`; each misfit is reported through `warn` and skipped. */
export function parseEach<T>(
  schema: z.ZodType<T>,
  items: readonly unknown[] | null | undefined,
  what: string,
  warn: (message: string) => void,
): T[] {
  const out: T[] = [];
  (items ?? []).forEach((item, index) => {
    if (!isRecord(item)) {
      warn(`${what} #${index} skipped: not an object (${item === null ? 'null' : typeof item})`);
      return;
    }
    const result = schema.safeParse(item);
    if (result.success) out.push(result.data);
    else warn(`${what} #${index} skipped: ${describeMisfit(result.error)}`);
  });
  return out;
}

/** Crockford base32 ULID, as incident.io uses for page, component and incident ids. */
export function isUlid(value: unknown): boolean {
  return typeof value === 'string' && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i.test(value);
}

/**
 * Cheap shape check shared by both sources' `detect`: a JSON object whose `page` has an id
 * and which carries at least one v2 key. Returns the ids that tell incident.io apart.
 */
export function sniffStatuspageJson(body: string): { pageId: string; itemIds: unknown[] } | null {
  if (!body.trimStart().startsWith('{')) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isRecord(json) || !isRecord(json.page)) return null;
  const pageId = json.page.id;
  if (typeof pageId !== 'string' || pageId === '') return null;
  if (!DOCUMENT_KEYS.some((k) => k in json)) return null;
  const items = [json.incident, json.incidents, json.scheduled_maintenances].flat();
  const itemIds = items.filter(isRecord).map((i) => i.id);
  return { pageId, itemIds };
}

// --- internal ---

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    const looksHtml = /^<(!doctype|html|head|body|\?xml)/i.test(body.trimStart());
    const kind = looksHtml ? 'HTML/XML, not JSON' : 'not valid JSON';
    const reason = e instanceof Error ? e.message : String(e);
    const message = `Statuspage body is ${kind} (starts "${start}"): ${reason}`;
    throw new StatuswatchError('parse', message, { cause: e });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describeMisfit(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.join('.')}: ${issue.message}`;
}
