import { StatuswatchError, isClosedStatus, type EpochMs, type Incident } from '../domain/index.ts';
import type { PageIncidentDraft } from '../storage/store.ts';
import { openIncident, resolveIncident } from './author-incident.ts';
import { newCode } from './incident-code.ts';
import { authorNew, authorOn, type OwnPageWriter } from './own-page-store.ts';

/**
 * The operator's side of the drafts vendor incidents raise (dependency-drafts.ts): list,
 * publish, discard, and accept the resolution proposed when the vendor resolves. Publishing
 * opens the incident through the ordinary authoring path, so `incident_opened` fires and
 * alerts are planned once, as for an incident opened by hand.
 */

export function listPageDrafts(writer: OwnPageWriter): Promise<PageIncidentDraft[]> {
  return writer.store.listPageDrafts(writer.page.slug);
}

/** Words the operator may put in place of the drafted ones when publishing. */
export interface PublishEdits {
  title?: string;
  body?: string;
}

/**
 * Publishes the draft as an incident on the page. The draft is first moved to "published"
 * with the new incident's code (compare-and-set): of two operators, or an operator and the
 * auto-publish sweep, exactly one gets to open it. Were the process to stop between that move
 * and the write of the incident, publishing again opens it under the recorded code.
 */
export async function publishPageDraft(
  writer: OwnPageWriter,
  at: EpochMs,
  id: number,
  edits: PublishEdits = {},
): Promise<Incident> {
  const draft = await requireDraft(writer, id);
  if (draft.state === 'draft') {
    const code = (writer.newCode ?? newCode)();
    const moved = await writer.store.movePageDraft(id, 'draft', {
      state: 'published',
      incidentCode: code,
      at,
    });
    if (!moved) throw new StatuswatchError('conflict', `draft ${String(id)} changed meanwhile; list the drafts again`);
    return openFrom(writer, at, draft, code, edits);
  }
  const code = draft.incidentCode;
  if (draft.state === 'published' && code !== null) {
    if ((await writer.store.getIncident(writer.page.slug, code)) === null)
      return openFrom(writer, at, draft, code, edits);
    throw new StatuswatchError('conflict', `draft ${String(id)} is already published as incident ${code}`);
  }
  throw new StatuswatchError('conflict', `draft ${String(id)} is ${draft.state}; only a draft can be published`);
} // prettier-ignore

/** Drops a draft that will not be published; it stays listed as discarded. */
export async function discardPageDraft(
  writer: OwnPageWriter,
  at: EpochMs,
  id: number,
): Promise<PageIncidentDraft> {
  const draft = await requireDraft(writer, id);
  const moved =
    draft.state === 'draft' &&
    (await writer.store.movePageDraft(id, 'draft', { state: 'discarded', at }));
  if (!moved)
    throw new StatuswatchError(
      'conflict',
      draft.state === 'published'
        ? `draft ${String(id)} is published as incident ${draft.incidentCode ?? '?'}: resolve it instead`
        : `draft ${String(id)} is ${draft.state}; only a draft can be discarded`,
    );
  return { ...draft, state: 'discarded', closedAt: at };
}

/**
 * Accepts the resolution proposed when the vendor resolved: a published incident is resolved
 * with the proposal's words (its components back to operational), an unpublished draft is
 * closed without a word in public. The incident is resolved before the draft is closed, so a
 * stop in between leaves a proposal that accepting again finishes.
 */
export async function acceptPageDraftResolution(
  writer: OwnPageWriter,
  at: EpochMs,
  id: number,
): Promise<PageIncidentDraft> {
  const draft = await requireDraft(writer, id);
  const resolution = draft.resolution;
  if (resolution === null || (draft.state !== 'draft' && draft.state !== 'published'))
    throw new StatuswatchError('conflict', `draft ${String(id)} has no resolution to accept (${draft.state}${resolution === null ? ', the vendor has not resolved' : ''})`);
  const code = draft.incidentCode;
  if (draft.state === 'published' && code !== null) {
    const incident = await writer.store.getIncident(writer.page.slug, code);
    if (incident !== null && !isClosedStatus(incident.status))
      await authorOn(writer, at, code, (cs, i, ctx) => resolveIncident(cs, i, { code, body: resolution.body }, ctx));
  }
  if (!(await writer.store.movePageDraft(id, draft.state, { state: 'closed', at })))
    throw new StatuswatchError('conflict', `draft ${String(id)} changed meanwhile; list the drafts again`);
  return { ...draft, state: 'closed', closedAt: at };
} // prettier-ignore

/**
 * Publishes the drafts whose components all opted into auto-publishing and whose vendor
 * incident is still open (no proposed resolution). Safe on every node at once: the
 * compare-and-set in publishPageDraft lets one of them open each; the others skip it.
 */
export async function publishDueDrafts(writer: OwnPageWriter, at: EpochMs): Promise<Incident[]> {
  // A draft moved to "published" whose incident a crash kept from being written is due too:
  // publishPageDraft opens it under its recorded code (and refuses, as a conflict, one opened).
  const due = (await listPageDrafts(writer)).filter(
    (d) =>
      d.autoPublish &&
      d.resolution === null &&
      (d.state === 'draft' || (d.state === 'published' && d.incidentCode !== null)),
  );
  const opened: Incident[] = [];
  for (const draft of due) {
    try {
      opened.push(await publishPageDraft(writer, at, draft.id));
    } catch (error) {
      // Another node (or the operator) moved it first: it is theirs to open.
      if (error instanceof StatuswatchError && error.kind === 'conflict') continue;
      throw error;
    }
  }
  return opened;
}

// --- internal ---

async function requireDraft(writer: OwnPageWriter, id: number): Promise<PageIncidentDraft> {
  const draft = await writer.store.getPageDraft(id);
  if (draft?.pageSlug !== writer.page.slug)
    throw new StatuswatchError('not_found', `no draft ${String(id)} on page "${writer.page.slug}"`);
  return draft;
}

/** Opens the incident under `code`, naming only components the page still has. */
async function openFrom(
  writer: OwnPageWriter,
  at: EpochMs,
  draft: PageIncidentDraft,
  code: string,
  edits: PublishEdits,
): Promise<Incident> {
  return authorNew({ ...writer, newCode: () => code }, at, (components, ctx) => {
    const known = new Set(components.map((c) => c.vendorId));
    const changes = Object.fromEntries(
      Object.entries(draft.components).filter(([componentId]) => known.has(componentId)),
    );
    const input = {
      title: edits.title ?? draft.title,
      body: edits.body ?? draft.body,
      impact: draft.impact === 'maintenance' ? 'minor' : draft.impact,
      components: changes,
    };
    return openIncident(components, input, ctx);
  });
}
