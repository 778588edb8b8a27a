import { StatuswatchError } from '../../domain/index.ts';
import { requirePositional, type Command } from '../command.ts';

export const removeCommand: Command = {
  name: 'remove',
  summary: 'Stop watching a provider and delete its stored history',
  usage: 'remove <slug>',
  async run(ctx) {
    const slug = requirePositional(ctx, 0, 'provider slug');
    const store = await ctx.store();
    if (!(await store.removeProvider(slug))) {
      throw new StatuswatchError('not_found', `no provider with slug "${slug}"`);
    }
    ctx.out(`removed ${slug}`);
    return 0;
  },
};
