import {
  StatuswatchError,
  type AffectedComponent,
  type Component,
  type ComponentStatus,
  type EpochMs,
  type Incident,
  type IncidentUpdate,
  type AnyIncidentStatus,
} from '../domain/index.ts';
import { bodyFromAuthoredMarkdown, type Body } from '../sources/index.ts';

/** What every authoring step needs besides its input: the clock, the code maker, the page. */
export interface AuthorContext {
  at: EpochMs;
  newCode: () => string;
  /** The page's public address (where /status is served), for incident links. */
  pageUrl: string;
}

/** The page after one authoring step: its components and the incident the step touched. */
export interface Authored {
  components: Component[];
  incident: Incident;
}

/**
 * Applies `{ id: status }` to the page's components. Returns the new list and the changes as
 * an update records them (old and new status), in the page's order.
 */
export function changeComponents(
  components: readonly Component[],
  changes: Readonly<Record<string, ComponentStatus>>,
): { components: Component[]; affected: AffectedComponent[] } {
  const unknown = Object.keys(changes).filter((id) => !components.some((c) => c.vendorId === id));
  if (unknown.length > 0) {
    const known = components.map((c) => c.vendorId).join(', ') || 'none';
    throw new StatuswatchError(
      'invalid_input',
      `no component ${unknown.map((id) => `"${id}"`).join(', ')} on this page (components: ${known})`,
    );
  }
  const affected: AffectedComponent[] = [];
  const next = components.map((c) => {
    const status = changes[c.vendorId];
    if (status === undefined) return c;
    affected.push({
      vendorId: c.vendorId,
      name: affectedName(c),
      oldStatus: c.status,
      newStatus: status,
    });
    return { ...c, status };
  });
  return { components: next, affected };
}

/**
 * Statuspage names a grouped component "Group - Name" in an update's affected_components
 * ("Box Web Application - Uploads/Downloads": box__incidents-2024-01-31-first3.json).
 */
export function affectedName(c: Component): string {
  return c.groupName === null ? c.name : `${c.groupName} - ${c.name}`;
}

/**
 * An authored message: Markdown as the admin form's preview shows it, sanitized like a vendor's
 * body (raw HTML in it shown as text); the text kept as typed (paragraphs and all),
 * since it is what the page's JSON `body` carries, as Statuspage's does ("…future.\n\nOn January
 * 9, 2024…": box__incidents-2024-01-31-first3.json).
 */
export function authoredBody(text: string): Body {
  const typed = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { html: bodyFromAuthoredMarkdown(typed).html, text: typed };
}

export function newUpdate(
  ctx: AuthorContext,
  status: AnyIncidentStatus,
  text: string,
  affected: AffectedComponent[],
): IncidentUpdate {
  const body = authoredBody(text);
  return {
    vendorId: ctx.newCode(),
    status,
    label: null,
    bodyHtml: body.html,
    bodyText: body.text,
    displayedAt: ctx.at,
    createdAt: ctx.at,
    affectedComponents: affected,
  };
}

/** The incident's component list grown by the ones an update touched (first mention first). */
export function withComponents(
  incident: Incident,
  affected: readonly AffectedComponent[],
): AffectedComponent[] {
  const list = [...incident.components];
  for (const a of affected) {
    if (!list.some((c) => c.vendorId === a.vendorId))
      list.push({ vendorId: a.vendorId, name: a.name, oldStatus: null, newStatus: null });
  }
  return list;
}

/** The model's incident without what only the store adds (first seen, analysis, …). */
export function incidentOf(stored: Incident): Incident {
  return {
    vendorId: stored.vendorId,
    title: stored.title,
    kind: stored.kind,
    impact: stored.impact,
    status: stored.status,
    createdAt: stored.createdAt,
    startedAt: stored.startedAt,
    monitoringAt: stored.monitoringAt,
    resolvedAt: stored.resolvedAt,
    scheduledFor: stored.scheduledFor,
    scheduledUntil: stored.scheduledUntil,
    url: stored.url,
    shortlink: stored.shortlink,
    components: stored.components,
    updates: stored.updates,
    postmortem: stored.postmortem,
    isTemplate: false,
  };
}

export function requireKind(incident: Incident, kind: Incident['kind'], action: string): void {
  if (incident.kind !== kind)
    throw new StatuswatchError(
      'conflict',
      `${action}: ${incident.vendorId} is a${kind === 'incident' ? ' maintenance' : 'n incident'}, not a${kind === 'incident' ? 'n incident' : ' maintenance'}`,
    );
}
