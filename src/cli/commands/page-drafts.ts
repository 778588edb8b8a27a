import type { EpochMs } from '../../domain/index.ts';
import { pageWriterOf } from '../_page-writer.ts';
import {
  acceptPageDraftResolution,
  discardPageDraft,
  listPageDrafts,
  publishPageDraft,
  type OwnPageWriter,
} from '../../own-page/index.ts';
import type { PageIncidentDraft } from '../../storage/store.ts';
import {
  UsageError,
  requirePositional,
  stringFlag,
  type Command,
  type CommandContext,
} from '../command.ts';

/**
 * `statuswatch page-drafts …`: the incidents vendor incidents drafted on the own page (a page
 * component's `dependsOn`). Publishing opens the incident through the ordinary authoring path;
 * `resolve` accepts the resolution proposed when the vendor resolved. `page draft …` can run
 * the same actions through `runPageDrafts` with its positionals shifted by one.
 */
export const pageDraftsCommand: Command = {
  name: 'page-drafts',
  summary: "Drafts raised on the own page by vendor incidents: list, publish, discard, resolve",
  usage:
    'page-drafts list | page-drafts publish <id> [--title T] [--message M] | ' +
    'page-drafts discard <id> | page-drafts resolve <id>   (every action: [--at TIME])',
  options: {
    title: { type: 'string' },
    message: { type: 'string' },
    at: { type: 'string' },
  },
  async run(ctx) {
    const { writer, at } = await pageWriterOf(ctx);
    return runPageDrafts(ctx, writer, at, 0);
  },
}; // prettier-ignore

/** The drafts' actions, reading the action at positional `first` and the id after it. */
export async function runPageDrafts(
  ctx: CommandContext,
  writer: OwnPageWriter,
  at: EpochMs,
  first: number,
): Promise<number> {
  const action = requirePositional(ctx, first, 'action (list|publish|discard|resolve)');
  if (action === 'list') {
    const drafts = await listPageDrafts(writer);
    if (drafts.length === 0) ctx.out('no drafts');
    for (const draft of drafts) for (const line of draftLines(draft)) ctx.out(line);
    return 0;
  }
  const id = draftId(requirePositional(ctx, first + 1, 'draft id'));
  switch (action) {
    case 'publish': {
      const title = stringFlag(ctx, 'title');
      const body = stringFlag(ctx, 'message');
      const edits = { ...(title === undefined ? {} : { title }), ...(body === undefined ? {} : { body }) };
      const incident = await publishPageDraft(writer, at, id, edits);
      ctx.out(`draft ${String(id)} published: ${incident.vendorId} ${incident.status}: ${incident.title}`);
      return 0;
    }
    case 'discard':
      await discardPageDraft(writer, at, id);
      ctx.out(`draft ${String(id)} discarded`);
      return 0;
    case 'resolve': {
      const draft = await acceptPageDraftResolution(writer, at, id);
      const what = draft.incidentCode === null ? 'closed (never published)' : `closed, incident ${draft.incidentCode} resolved`;
      ctx.out(`draft ${String(id)} ${what}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown draft action "${action}" (list|publish|discard|resolve)`);
  }
} // prettier-ignore

// --- internal ---

function draftId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`a draft id is a whole number ≥ 1, not "${text}"`);
  return id;
}

/** One draft in a few lines: what, from which vendor incident, and what to do next. */
function draftLines(d: PageIncidentDraft): string[] {
  const iso = (t: EpochMs) => new Date(t).toISOString();
  const state =
    d.state === 'published' ? `published as ${d.incidentCode ?? '?'}` : d.state;
  const components = Object.entries(d.components).map(([id, s]) => `${id}=${s}`).join(' ');
  const lines = [
    `#${String(d.id)} ${state}  raised ${iso(d.raisedAt)}${d.autoPublish ? '  auto-publish' : ''}`,
    `  ${d.title}`,
    `  vendor: ${d.vendor.providerSlug}/${d.vendor.vendorId} "${d.vendorTitle}"${d.vendorUrl === null ? '' : ` ${d.vendorUrl}`}`,
    `  impact ${d.impact}; components ${components === '' ? '(none)' : components}`,
  ];
  if (d.resolution !== null && (d.state === 'draft' || d.state === 'published'))
    lines.push(`  resolution proposed ${iso(d.resolution.proposedAt)}: ${d.resolution.body}`, `  accept: statuswatch page draft resolve ${String(d.id)}`);
  else if (d.state === 'draft') lines.push(`  publish: statuswatch page draft publish ${String(d.id)}`);
  return lines;
} // prettier-ignore
