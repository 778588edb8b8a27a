import { StatuswatchError, type EpochMs } from '../../domain/index.ts';
import type { PageConfig } from '../../config/index.ts';
import type { PageSubscriber } from '../../storage/alert-store.ts';
import { UsageError, requirePositional, type CommandContext } from '../command.ts';

/** Added to `page`'s usage line by the caller. */
export const PAGE_SUBSCRIBERS_USAGE = 'page subscribers list | page subscribers remove <id>';

/**
 * `statuswatch page subscribers list|remove <id>`: the own page's subscribers, confirmed or
 * waiting for their link. Removing one removes its alert subscription and pending deliveries.
 * Called by `page` with the area's positionals after `subscribers`.
 */
export async function pageSubscribers(ctx: CommandContext, page: PageConfig): Promise<number> {
  const action = requirePositional(ctx, 1, 'action (list|remove)');
  const store = await ctx.store();
  if (action === 'list') {
    const list = await store.alerts.listPageSubscribers(page.slug);
    if (list.length === 0) ctx.out(`page ${page.slug}: no subscribers`);
    for (const s of list) ctx.out(subscriberLine(s, Date.now()));
    return 0;
  }
  if (action === 'remove') {
    const raw = requirePositional(ctx, 2, 'subscriber id');
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`not a subscriber id: "${raw}"`);
    const mine = (await store.alerts.listPageSubscribers(page.slug)).some((s) => s.id === id);
    if (!mine || !(await store.alerts.removePageSubscriber(id))) {
      throw new StatuswatchError('not_found', `page ${page.slug} has no subscriber #${id}`);
    }
    ctx.out(`removed subscriber #${id}`);
    return 0;
  }
  throw new UsageError(`unknown subscribers action "${action}" (list|remove)`);
}

/** `#3 email ann@example.com  components: api, docs  confirmed 2026-01-02T10:00:00Z`. */
function subscriberLine(s: PageSubscriber, now: EpochMs): string {
  const contact = s.kind === 'webhook' ? ` (contact ${s.contactEmail})` : '';
  const components = s.components.length === 0 ? 'all' : s.components.join(', ');
  return `#${s.id} ${s.kind} ${s.address}${contact}  components: ${components}  ${state(s, now)}`;
}

function state(s: PageSubscriber, now: EpochMs): string {
  const iso = (ms: EpochMs) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const confirmed = s.confirmedAt === null || s.subscriptionId === null ? null : s.confirmedAt;
  const pending = s.confirmExpiresAt;
  const parts: string[] = [];
  if (confirmed !== null) parts.push(`confirmed ${iso(confirmed)}`);
  if (pending !== null) {
    parts.push(pending > now ? `link pending until ${iso(pending)}` : 'link expired');
  }
  return parts.length === 0 ? 'not confirmed' : parts.join(', ');
}
