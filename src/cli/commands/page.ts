import type { EpochMs } from '../../domain/index.ts';
import { pageWriterOf } from '../_page-writer.ts';
import {
  runPageAction,
  syncOwnPage,
  wallClockToEpoch,
  type OwnPageWriter,
  type PageActionResult,
} from '../../own-page/index.ts';
import { parseTimeFlag } from '../_time-flags.ts';
import { runPageDrafts } from './page-drafts.ts';
import { PAGE_SUBSCRIBERS_USAGE, pageSubscribers } from './page-subscribers.ts';
import {
  UsageError,
  requirePositional,
  stringFlag,
  type Command,
  type CommandContext,
} from '../command.ts';

/**
 * `statuswatch page …`: authoring the team's own page (`page:` in statuswatch.yaml). Each
 * action is one of own-page's pure steps written through the ingest path; `--at` sets the
 * clock (simulations and tests), otherwise now. Component changes are `--component id=status`.
 */
export const pageCommand: Command = {
  name: 'page',
  summary: "Author the team's own status page: components, incidents, postmortems, maintenance",
  usage:
    'page sync | page component <id> <status> | ' +
    'page incident open --title T --message M [--status S] [--impact none|minor|major|critical] [--component id=status…] | ' +
    'page incident update <code> --status S --message M [--impact I] [--component id=status…] | ' +
    'page incident resolve <code> [--message M] [--component id=status…] | ' +
    'page incident postmortem <code> (--draft TEXT | --publish) | ' +
    'page maintenance schedule --title T --message M --from TIME --until TIME [--component id…] | ' +
    'page maintenance start|complete <code> [--message M] | ' +
    'page draft list | page draft publish <id> [--title T] [--message M] | page draft discard|resolve <id> | ' +
    `${PAGE_SUBSCRIBERS_USAGE}   (every action: [--at TIME])`,
  options: {
    title: { type: 'string' },
    message: { type: 'string' },
    status: { type: 'string' },
    impact: { type: 'string' },
    component: { type: 'string', multiple: true },
    draft: { type: 'string' },
    publish: { type: 'boolean' },
    from: { type: 'string' },
    until: { type: 'string' },
    at: { type: 'string' },
  },
  async run(ctx) {
    const { writer, at } = await pageWriterOf(ctx);
    const page = writer.page;
    const area = requirePositional(
      ctx,
      0,
      'area (sync|component|incident|maintenance|draft|subscribers)',
    );
    switch (area) {
      case 'sync':
        await syncOwnPage(writer, at);
        ctx.out(`page ${page.slug}: ${String(page.components.length)} components in place`);
        return 0;
      case 'component':
        return component(ctx, writer, at);
      case 'incident':
        return incident(ctx, writer, at);
      case 'maintenance':
        return maintenance(ctx, writer, at);
      case 'draft':
        return runPageDrafts(ctx, writer, at, 1);
      case 'subscribers':
        return pageSubscribers(ctx, page);
      default:
        throw new UsageError(
          `unknown page area "${area}" (sync|component|incident|maintenance|draft|subscribers)`,
        );
    }
  },
}; // prettier-ignore

// --- internal ---

async function component(ctx: CommandContext, writer: OwnPageWriter, at: EpochMs): Promise<number> {
  const id = requirePositional(ctx, 1, 'component id');
  const status = requirePositional(
    ctx,
    2,
    'status (operational|degraded_performance|partial_outage|major_outage|under_maintenance)',
  );
  await runPageAction(writer, at, 'component.set', { id, status });
  ctx.out(`component ${id}: ${status}`);
  return 0;
}

async function incident(ctx: CommandContext, writer: OwnPageWriter, at: EpochMs): Promise<number> {
  const action = requirePositional(ctx, 1, 'action (open|update|resolve|postmortem)');
  const body = stringFlag(ctx, 'message');
  const components = componentChanges(ctx);
  if (action === 'open') {
    const input = { title: stringFlag(ctx, 'title'), body, status: stringFlag(ctx, 'status'), impact: stringFlag(ctx, 'impact'), components };
    return done(ctx, await runPageAction(writer, at, 'incident.open', given(input)));
  }
  const code = requirePositional(ctx, 2, 'incident code');
  switch (action) {
    case 'update': {
      const input = { code, status: stringFlag(ctx, 'status'), body, impact: stringFlag(ctx, 'impact'), components };
      return done(ctx, await runPageAction(writer, at, 'incident.update', given(input)));
    }
    case 'resolve': {
      const input = { code, body, components: ctx.values.component === undefined ? undefined : components };
      return done(ctx, await runPageAction(writer, at, 'incident.resolve', given(input)));
    }
    case 'postmortem': {
      const draft = stringFlag(ctx, 'draft');
      const publish = ctx.values.publish === true;
      if ((draft === undefined) === !publish) throw new UsageError('postmortem: give --draft TEXT or --publish (draft first)');
      return done(ctx, draft === undefined ? await runPageAction(writer, at, 'postmortem.publish', { code }) : await runPageAction(writer, at, 'postmortem.draft', { code, body: draft }));
    }
    default:
      throw new UsageError(`unknown incident action "${action}" (open|update|resolve|postmortem)`);
  }
} // prettier-ignore

async function maintenance(ctx: CommandContext, writer: OwnPageWriter, at: EpochMs): Promise<number> {
  const action = requirePositional(ctx, 1, 'action (schedule|start|complete)');
  const body = stringFlag(ctx, 'message');
  if (action === 'schedule') {
    const raw = ctx.values.component;
    const input = { title: stringFlag(ctx, 'title'), body, scheduledFor: pageTime(ctx, writer, 'from'), scheduledUntil: pageTime(ctx, writer, 'until'), components: Array.isArray(raw) ? raw.map(String) : [] };
    return done(ctx, await runPageAction(writer, at, 'maintenance.schedule', given(input)));
  }
  const code = requirePositional(ctx, 2, 'maintenance code');
  switch (action) {
    case 'start':
      return done(ctx, await runPageAction(writer, at, 'maintenance.start', given({ code, body })));
    case 'complete':
      return done(ctx, await runPageAction(writer, at, 'maintenance.complete', given({ code, body })));
    default:
      throw new UsageError(`unknown maintenance action "${action}" (schedule|start|complete)`);
  }
} // prettier-ignore

/** `--component api=major_outage` (repeatable) → `{ api: 'major_outage' }`; statuses checked by the action's schema. */
function componentChanges(ctx: CommandContext): Record<string, string> {
  const raw = ctx.values.component;
  const list = Array.isArray(raw) ? raw.map(String) : [];
  return Object.fromEntries(
    list.map((pair) => {
      const at = pair.lastIndexOf('=');
      if (at <= 0) throw new UsageError(`--component takes id=status, not "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/**
 * `--from`/`--until`: a time with a zone or offset as written; one without (2030-02-10T10:00) in
 * the page's zone, as the admin form reads it, not the shell's.
 */
function pageTime(ctx: CommandContext, writer: OwnPageWriter, flag: string): number | undefined {
  const value = stringFlag(ctx, flag);
  const wall = value === undefined ? null : wallClockToEpoch(value, writer.page.timeZone);
  return wall ?? parseTimeFlag(flag, value);
}

/** Flags left out are left out (not `undefined`), so the schemas' defaults apply. */
function given(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function done(ctx: CommandContext, result: PageActionResult): number {
  const incident = result.incident;
  if (incident !== null)
    ctx.out(`${incident.vendorId} ${incident.kind} ${incident.status}: ${incident.title}`);
  return 0;
}
