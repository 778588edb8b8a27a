import { StatuswatchError, type Component, type Incident } from '../domain/index.ts';
import {
  draftPostmortemSchema,
  openIncidentSchema,
  parseAction,
  postUpdateSchema,
  publishPostmortemSchema,
  resolveIncidentSchema,
  type DraftPostmortem,
  type OpenIncident,
  type PostUpdate,
  type PublishPostmortem,
  type ResolveIncident,
} from './actions.ts';
import {
  authoredBody,
  changeComponents,
  newUpdate,
  requireKind,
  withComponents,
  type AuthorContext,
  type Authored,
} from './authored-state.ts';

/**
 * The incident half of authoring, pure: each action takes the page's components and the
 * incident as stored and returns the next authored state, which the caller turns into a
 * Snapshot for the ordinary ingest path. Updates are kept oldest first, as the model does.
 */

export function openIncident(
  components: readonly Component[],
  input: OpenIncident,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(openIncidentSchema, input, 'open incident');
  const changed = changeComponents(components, a.components);
  const code = ctx.newCode();
  const update = newUpdate(ctx, a.status, a.body, changed.affected);
  const url = `${ctx.pageUrl}/incidents/${code}`;
  const incident: Incident = {
    vendorId: code,
    title: a.title,
    kind: 'incident',
    impact: a.impact,
    status: a.status,
    createdAt: ctx.at,
    startedAt: ctx.at,
    monitoringAt: a.status === 'monitoring' ? ctx.at : null,
    resolvedAt: a.status === 'resolved' ? ctx.at : null,
    scheduledFor: null,
    scheduledUntil: null,
    url,
    shortlink: url,
    components: [],
    updates: [update],
    postmortem: null,
    isTemplate: false,
  };
  return {
    components: changed.components,
    incident: { ...incident, components: withComponents(incident, changed.affected) },
  };
}

export function postUpdate(
  components: readonly Component[],
  incident: Incident,
  input: PostUpdate,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(postUpdateSchema, input, 'update incident');
  requireKind(incident, 'incident', 'update incident');
  if (incident.status === 'postmortem')
    throw new StatuswatchError(
      'conflict',
      `update incident: ${incident.vendorId} has a published postmortem`,
    );
  const changed = changeComponents(components, a.components);
  const update = newUpdate(ctx, a.status, a.body, changed.affected);
  return {
    components: changed.components,
    incident: {
      ...incident,
      status: a.status,
      impact: a.impact ?? incident.impact,
      monitoringAt: incident.monitoringAt ?? (a.status === 'monitoring' ? ctx.at : null),
      // Reopening clears the resolution, as Statuspage does.
      resolvedAt: a.status === 'resolved' ? (incident.resolvedAt ?? ctx.at) : null,
      components: withComponents(incident, changed.affected),
      updates: [...incident.updates, update],
    },
  };
}

/** Resolves; components the incident touched go back to operational unless told otherwise. */
export function resolveIncident(
  components: readonly Component[],
  incident: Incident,
  input: ResolveIncident,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(resolveIncidentSchema, input, 'resolve incident');
  if (incident.status === 'resolved' || incident.status === 'postmortem')
    throw new StatuswatchError(
      'conflict',
      `resolve incident: ${incident.vendorId} is already resolved`,
    );
  const back = Object.fromEntries(
    incident.components.flatMap((c) => {
      const now = components.find((p) => p.vendorId === c.vendorId);
      return now === undefined || now.status === 'operational'
        ? []
        : [[now.vendorId, 'operational' as const]];
    }),
  );
  return postUpdate(
    components,
    incident,
    { code: a.code, status: 'resolved', body: a.body, components: a.components ?? back },
    ctx,
  );
}

/** A postmortem's text before it is published: the page keeps it apart from the incident. */
export interface DraftedPostmortem {
  bodyHtml: string;
  bodyText: string;
}

/**
 * Checks and formats a draft. The incident is left as it is: a stored incident is public
 * (APIs, pages, search, feeds, alerts), so the draft lives in the page's authoring state until
 * published (own-page-store.ts).
 */
export function draftPostmortem(incident: Incident, input: DraftPostmortem): DraftedPostmortem {
  const a = parseAction(draftPostmortemSchema, input, 'draft postmortem');
  requireKind(incident, 'incident', 'draft postmortem');
  if (incident.postmortem !== null)
    throw new StatuswatchError(
      'conflict',
      `draft postmortem: ${incident.vendorId}'s postmortem is already published`,
    );
  const body = authoredBody(a.body);
  return { bodyHtml: body.html, bodyText: body.text };
}

/**
 * Publishes the drafted postmortem as Statuspage's public API shows one: an update with status
 * "postmortem", no display time and no component changes, and the incident's status becomes
 * "postmortem" (box__incidents-2024-01-31-first3.json).
 */
export function publishPostmortem(
  components: readonly Component[],
  incident: Incident,
  draft: DraftedPostmortem | null,
  input: PublishPostmortem,
  ctx: AuthorContext,
): Authored {
  parseAction(publishPostmortemSchema, input, 'publish postmortem');
  if (incident.postmortem !== null)
    throw new StatuswatchError(
      'conflict',
      `publish postmortem: ${incident.vendorId}'s postmortem is already published`,
    );
  if (draft === null)
    throw new StatuswatchError(
      'conflict',
      `publish postmortem: ${incident.vendorId} has no drafted postmortem`,
    );
  if (incident.status !== 'resolved')
    throw new StatuswatchError(
      'conflict',
      `publish postmortem: resolve ${incident.vendorId} first`,
    );
  const update = {
    ...newUpdate(ctx, 'postmortem', draft.bodyText, []),
    bodyHtml: draft.bodyHtml,
    bodyText: draft.bodyText,
    displayedAt: null,
  };
  return {
    components: [...components],
    incident: {
      ...incident,
      status: 'postmortem',
      updates: [...incident.updates, update],
      postmortem: { bodyHtml: draft.bodyHtml, bodyText: draft.bodyText, publishedAt: ctx.at },
    },
  };
}
