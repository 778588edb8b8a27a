import { StatuswatchError, type EpochMs, type Incident } from '../domain/index.ts';
import { componentStatusSchema, parseAction } from './actions.ts';
import { openIncident, postUpdate, resolveIncident } from './author-incident.ts';
import {
  completeMaintenance,
  scheduleMaintenance,
  startMaintenance,
} from './author-maintenance.ts';
import {
  authorNew,
  authorOn,
  draftPostmortemOn,
  publishPostmortemOn,
  setComponentStatus,
  type OwnPageWriter,
} from './own-page-store.ts';
import { isCode } from './incident-code.ts';

/**
 * Every authoring action by name, for the three entry points (CLI, token API, admin forms):
 * each hands over the raw input it gathered (flags, JSON body, form fields) and the action's
 * one zod schema (actions.ts) checks it, so all three refuse the same input with the same words.
 */

export const PAGE_ACTIONS = [
  'component.set',
  'incident.open',
  'incident.update',
  'incident.resolve',
  'postmortem.draft',
  'postmortem.publish',
  'maintenance.schedule',
  'maintenance.start',
  'maintenance.complete',
] as const;

export type PageActionName = (typeof PAGE_ACTIONS)[number];

/** How each action names itself in its refusals ("update incident: status: …"), at every door. */
export const PAGE_ACTION_LABELS: Record<PageActionName, string> = {
  'component.set': 'set component',
  'incident.open': 'open incident',
  'incident.update': 'update incident',
  'incident.resolve': 'resolve incident',
  'postmortem.draft': 'draft postmortem',
  'postmortem.publish': 'publish postmortem',
  'maintenance.schedule': 'schedule maintenance',
  'maintenance.start': 'start maintenance',
  'maintenance.complete': 'complete maintenance',
};

/** What an action wrote: the incident or maintenance it touched (none for a component). */
export interface PageActionResult {
  incident: Incident | null;
}

/**
 * Runs one action at `at`. Input fields are the schemas' (`code` names the incident or
 * maintenance for the steps on one); an unknown or missing code is `not_found`, bad fields are
 * one `invalid_input` naming each.
 */
export async function runPageAction(
  writer: OwnPageWriter,
  at: EpochMs,
  action: PageActionName,
  input: Record<string, unknown>,
): Promise<PageActionResult> {
  switch (action) {
    case 'component.set': {
      const change = parseAction(componentStatusSchema, input, PAGE_ACTION_LABELS['component.set']);
      await setComponentStatus(writer, at, change);
      return { incident: null };
    }
    case 'incident.open':
      return done(authorNew(writer, at, (cs, ctx) => openIncident(cs, input as never, ctx)));
    case 'maintenance.schedule':
      return done(authorNew(writer, at, (cs, ctx) => scheduleMaintenance(cs, input as never, ctx)));
    case 'postmortem.draft':
      return done(draftPostmortemOn(writer, at, input as never));
    case 'postmortem.publish':
      return done(publishPostmortemOn(writer, at, input as never));
    case 'incident.update':
      return done(authorOn(writer, at, codeOf(input), (cs, i, ctx) => postUpdate(cs, i, input as never, ctx)));
    case 'incident.resolve':
      return done(authorOn(writer, at, codeOf(input), (cs, i, ctx) => resolveIncident(cs, i, input as never, ctx)));
    case 'maintenance.start':
      return done(authorOn(writer, at, codeOf(input), (cs, i, ctx) => startMaintenance(cs, i, input as never, ctx)));
    case 'maintenance.complete':
      return done(authorOn(writer, at, codeOf(input), (cs, i, ctx) => completeMaintenance(cs, i, input as never, ctx)));
  }
} // prettier-ignore

// --- internal ---

// `input as never` above: each pure step parses its input with its own schema before using it
// (parseAction), so the raw record is checked there, once, with the action's words.

async function done(written: Promise<Incident>): Promise<PageActionResult> {
  return { incident: await written };
}

function codeOf(input: Record<string, unknown>): string {
  const code = input.code;
  if (typeof code !== 'string' || !isCode(code))
    throw new StatuswatchError(
      'invalid_input',
      'code: an incident or maintenance code is 12 lowercase letters and digits',
    );
  return code;
}
