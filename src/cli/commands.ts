import type { Command } from './command.ts';
import { addCommand } from './commands/add.ts';
import { alertsCommand } from './commands/alerts.ts';
import { analyseCommand } from './commands/analyse.ts';
import { catalogCommand } from './commands/catalog.ts';
import { demoCommand } from './commands/demo.ts';
import { importCommand } from './commands/import.ts';
import { incidentsCommand } from './commands/incidents.ts';
import { inspectCommand } from './commands/inspect.ts';
import { listCommand } from './commands/list.ts';
import { migrateCommand } from './commands/migrate.ts';
import { pageCommand } from './commands/page.ts';
import { pageDraftsCommand } from './commands/page-drafts.ts';
import { pollCommand } from './commands/poll.ts';
import { reanalyseCommand } from './commands/reanalyse.ts';
import { removeCommand } from './commands/remove.ts';
import { reportCommand } from './commands/report.ts';
import { serveCommand } from './commands/serve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { statusCommand } from './commands/status.ts';
import { twinCommand } from './commands/twin.ts';

/** Every CLI command, in the order `statuswatch help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  demoCommand,
  addCommand,
  listCommand,
  removeCommand,
  statusCommand,
  pollCommand,
  inspectCommand,
  analyseCommand,
  catalogCommand,
  importCommand,
  incidentsCommand,
  reportCommand,
  reanalyseCommand,
  alertsCommand,
  pageCommand,
  pageDraftsCommand,
  migrateCommand,
  twinCommand,
  simulateCommand,
];
