import { alertDeliveryPlanner } from '../alerts/index.ts';
import { StatuswatchError, type EpochMs } from '../domain/index.ts';
import type { OwnPageWriter } from '../own-page/index.ts';
import { parseTimeFlag } from './_time-flags.ts';
import { stringFlag, type CommandContext } from './command.ts';

/** The own page's writer and the action's clock (`--at`, else now): what every `page …` needs. */
export async function pageWriterOf(
  ctx: CommandContext,
): Promise<{ writer: OwnPageWriter; at: EpochMs }> {
  const page = ctx.config.page;
  if (page === undefined)
    throw new StatuswatchError(
      'config',
      'no `page:` section in statuswatch.yaml: declare the page first',
    );
  const store = await ctx.store();
  const writer: OwnPageWriter = { store, page, deliveries: alertDeliveryPlanner(store) };
  return { writer, at: parseTimeFlag('at', stringFlag(ctx, 'at')) ?? Date.now() };
}
