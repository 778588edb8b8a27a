import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply database migrations (also done on every start)',
  usage: 'migrate',
  async run(ctx) {
    const store = await ctx.store();
    ctx.out(`migrated: ${store.dialect} database is up to date`);
    return 0;
  },
};
