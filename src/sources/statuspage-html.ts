import { z } from 'zod';
import {
  StatuswatchError,
  epochFrom,
  epochFromParts,
  normalizeImpact,
  type EpochMs,
  type Incident,
} from '../domain/index.ts';
import type { Source } from './source.ts';
import { isTemplateIncident, parseWireTime, type Warn } from './_statuspage-mapping.ts';
import { parseEach } from './_statuspage-wire.ts';
import { cappedWarnings } from './_warnings.ts';

const MARKER = 'data-react-class="HistoryIndex"';

/**
 * Atlassian Statuspage's HTML history page (`https://<page>/history`). The page renders from
 * JSON held in the `data-react-props` attribute of its `HistoryIndex` element: the page, and
 * one entry per month listing that month's incidents and maintenances as summaries
 * (code, name, last message, impact, a printed time range). There is no update timeline, no
 * status word and no components per incident: the feed or the JSON API carry those.
 */
export const statuspageHtml: Source = {
  format: 'statuspage-html',
  detect(body) {
    return /^\s*</.test(body) && body.includes(MARKER);
  },
  parse(body, meta) {
    const props = readHistoryProps(body);
    const warnings = cappedWarnings();
    const warn = warnings.add;
    const page = props.page_status?.page ?? {};
    const pageUrl = pageUrlOf(page, meta.url);
    const incidents = collectIncidents(props.months, page.time_zone ?? null, pageUrl, warn);
    // Said once per payload, not per incident: it is a property of the format.
    if (incidents.length > 0) {
      warn('the HTML history carries no update timeline; use the feed or the JSON API for that');
    }
    return {
      format: 'statuspage-html',
      page: {
        name: page.name ?? null,
        url: pageUrl,
        updatedAt: parseWireTime(page.updated_at, 'page updated_at', warn),
      },
      components: null,
      incidents,
      coverage: 'window',
      warnings: warnings.list(),
    };
  },
};

// --- internal ---

const text = z.string().nullish();
const pageSchema = z.looseObject({
  name: text,
  url: text,
  domain: text,
  subdomain: text,
  time_zone: text,
  updated_at: text,
});
const monthSchema = z.looseObject({
  name: text,
  year: z.number().int().nullish(),
  incidents: z.array(z.unknown()).nullish(),
});
const summarySchema = z.looseObject({
  code: z.string().min(1),
  name: text,
  impact: text,
  timestamp: text,
});
const propsSchema = z.looseObject({
  page_status: z.looseObject({ page: pageSchema.nullish() }).nullish(),
  months: z.array(z.unknown()),
});
type HistoryProps = z.infer<typeof propsSchema>;
type WirePage = z.infer<typeof pageSchema>;
type Summary = z.infer<typeof summarySchema>;

/** HTML without the element is another format; the element cut off or unreadable is `parse`. */
function readHistoryProps(body: string): HistoryProps {
  const markerAt = body.indexOf(MARKER);
  if (markerAt < 0) {
    throw new StatuswatchError('unsupported_format', `no ${MARKER} element in the page`);
  }
  const tagStart = body.lastIndexOf('<', markerAt);
  const tagEnd = body.indexOf('>', markerAt);
  const tag = body.slice(tagStart, tagEnd < 0 ? body.length : tagEnd + 1);
  const opening = /\sdata-react-props="/.exec(tag);
  if (opening === null) {
    throw new StatuswatchError('unsupported_format', 'the HistoryIndex element has no props');
  }
  const valueStart = opening.index + opening[0].length;
  const valueEnd = tag.indexOf('"', valueStart);
  if (valueEnd < 0) throw new StatuswatchError('parse', 'the history props attribute is cut off');
  let json: unknown;
  try {
    json = JSON.parse(decodeEntities(tag.slice(valueStart, valueEnd)));
  } catch (e) {
    throw new StatuswatchError('parse', 'the history props are not valid JSON', { cause: e });
  }
  const result = propsSchema.safeParse(json);
  if (!result.success) {
    throw new StatuswatchError('unsupported_format', 'the history props have no months list');
  }
  return result.data;
}

const NAMED_ENTITIES: Record<string, string> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
};

/** Enough of HTML's entities for an attribute Rails escaped; anything else stays as written. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** `page.url` is the vendor's own site when set; the status page itself lives at its domain. */
function pageUrlOf(page: WirePage, fetchedFrom: string | null): string | null {
  const fromPage =
    page.domain != null && page.domain !== ''
      ? `https://${page.domain}`
      : page.subdomain != null && page.subdomain !== ''
        ? `https://${page.subdomain}.statuspage.io`
        : null;
  const origin = fetchedFrom !== null && /^https?:\/\//i.test(fetchedFrom) ? fetchedFrom : null;
  return fromPage ?? (origin === null ? null : new URL(origin).origin);
}

/** Months are listed newest first, each with its incidents; an incident is kept once. */
function collectIncidents(
  rawMonths: readonly unknown[],
  zone: string | null,
  pageUrl: string | null,
  warn: Warn,
): Incident[] {
  const byCode = new Map<string, Incident>();
  for (const month of parseEach(monthSchema, rawMonths, 'month', warn)) {
    const where = `month ${month.name ?? '?'} ${String(month.year ?? '?')}`;
    for (const summary of parseEach(summarySchema, month.incidents, `${where} incident`, warn)) {
      if (byCode.has(summary.code)) warn(`incident ${summary.code} listed twice`);
      else byCode.set(summary.code, mapSummary(summary, month.year ?? null, zone, pageUrl, warn));
    }
  }
  return [...byCode.values()];
}

function mapSummary(
  raw: Summary,
  year: number | null,
  zone: string | null,
  pageUrl: string | null,
  warn: Warn,
): Incident {
  const where = `incident ${raw.code}`;
  const kind = raw.impact === 'maintenance' ? 'maintenance' : 'incident';
  const span = readSpan(raw.timestamp ?? '', year, zone, where, warn);
  // The page prints an end time only once the entry is over; it has no status word.
  const closed = span.end !== null;
  if (!closed) warn(`${where}: no end time, so no status; read as open`);
  if (raw.name == null || raw.name === '') warn(`${where}: no name`);
  return {
    vendorId: raw.code,
    title: raw.name ?? '',
    kind,
    impact: kind === 'maintenance' ? null : impactOf(raw.impact, where, warn),
    status:
      kind === 'maintenance'
        ? closed
          ? 'completed'
          : 'in_progress'
        : closed
          ? 'resolved'
          : 'investigating',
    createdAt: null,
    startedAt: span.start,
    monitoringAt: null,
    resolvedAt: span.end,
    scheduledFor: null,
    scheduledUntil: null,
    url: pageUrl === null ? null : `${pageUrl}/incidents/${raw.code}`,
    shortlink: null,
    components: [],
    updates: [],
    postmortem: null,
    isTemplate: isTemplateIncident(raw.name, []),
  };
}

function impactOf(word: string | null | undefined, where: string, warn: Warn): Incident['impact'] {
  if (word == null || word === '') return null;
  const normalized = normalizeImpact(word);
  if (normalized.unknownWord !== undefined) {
    warn(`${where}: unknown impact "${word}" read as ${normalized.value}`);
  }
  return normalized.value;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The printed range, e.g. `Aug <var>26</var>, <var>23:37</var> - Aug <var>27</var>,
 * <var>19:44</var> UTC` or `Aug 27, 10:04 - 12:12 UTC`: to the minute, in the page's zone,
 * without a year (the month entry gives it; an end in an earlier month is in the next year).
 */
function readSpan(
  printed: string,
  year: number | null,
  zone: string | null,
  where: string,
  warn: Warn,
): { start: EpochMs | null; end: EpochMs | null } {
  const plain = printed
    .replace(/<[^<>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const match =
    /^([A-Za-z]{3})\w* (\d{1,2}), (\d{1,2}):(\d{2})(?: - (?:([A-Za-z]{3})\w* (\d{1,2}), )?(\d{1,2}):(\d{2}))?(?: (\S+))?$/.exec(
      plain,
    );
  const startMonth = MONTHS.indexOf(match?.[1]?.toLowerCase() ?? '');
  if (match === null || startMonth < 0 || year === null) {
    if (plain !== '') warn(`${where}: unreadable time "${plain}"`);
    return { start: null, end: null };
  }
  if (epochFromParts(year, 0, 1) === null) {
    warn(`${where}: year ${String(year)} out of range; times left out`);
    return { start: null, end: null };
  }
  const [, , day, hour, minute, endMonthWord, endDay, endHour, endMinute, label] = match;
  const endMonth =
    endMonthWord === undefined ? startMonth : MONTHS.indexOf(endMonthWord.toLowerCase());
  const toMs = (m: number, d: string | undefined, h: string | undefined, min: string | undefined) =>
    wallClockToMs(
      [m < startMonth ? year + 1 : year, m, Number(d), Number(h), Number(min)],
      label ?? null,
      zone,
    );
  const start = toMs(startMonth, day, hour, minute);
  const end = endHour === undefined ? null : toMs(endMonth, endDay ?? day, endHour, endMinute);
  if (start === null) warn(`${where}: time zone "${label ?? ''}" unknown; times left out`);
  return { start, end: start === null ? null : end };
}

type WallClock = [year: number, month: number, day: number, hour: number, minute: number];

/** UTC-labelled times need nothing; others are read in the page's IANA zone, if it names one. */
function wallClockToMs(wall: WallClock, label: string | null, zone: string | null): EpochMs | null {
  const asUtc = epochFrom(Date.UTC(...wall));
  if (asUtc === null) return null;
  if (label === null || /^(UTC|GMT|Z)$/i.test(label)) return asUtc;
  if (zone === null) return null;
  try {
    // Two rounds settle the offset except inside a DST gap, where the page's time never existed.
    const first = asUtc - offsetMs(asUtc, zone);
    return epochFrom(asUtc - offsetMs(first, zone));
  } catch {
    return null;
  }
}

function offsetMs(at: EpochMs, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - (at - (at % 1000));
}
