import type { Command } from './command.ts';
import { addCommand } from './commands/add.ts';
import { listCommand } from './commands/list.ts';
import { migrateCommand } from './commands/migrate.ts';
import { removeCommand } from './commands/remove.ts';
import { serveCommand } from './commands/serve.ts';

/** Every CLI command, in the order `statuswatch help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  addCommand,
  listCommand,
  removeCommand,
  migrateCommand,
];
