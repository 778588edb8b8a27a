import { readFile } from 'node:fs/promises';
import { createFetcher } from '../../fetch/index.ts';
import { parseFaultScript } from '../../twin/twin-faults.ts';
import { reportLines } from '../../twin/simulate-report.ts';
import { simulate, type TwinFormat } from '../../twin/simulate.ts';
import { buildVendorHistory } from '../../twin/vendor-history.ts';
import { createProgress } from '../_progress.ts';
import { UsageError, boolFlag, stringFlag, type Command } from '../command.ts';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Watch a twin of captured history through the real poller into the store',
  usage:
    'simulate <captures…> --provider <slug> [--as statuspage-v2|statuspage-feed] [--interval S] ' +
    '[--from ISO] [--until ISO] [--faults file.json] [--json]',
  options: {
    provider: { type: 'string' },
    as: { type: 'string' },
    interval: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    faults: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const slug = stringFlag(ctx, 'provider');
    if (slug === undefined) throw new UsageError('missing --provider <slug>');
    if (ctx.positionals.length === 0) throw new UsageError('missing capture files or folders');
    const as = formatFlag(stringFlag(ctx, 'as') ?? 'statuspage-v2');
    const interval = Number(stringFlag(ctx, 'interval') ?? '60');
    if (!Number.isFinite(interval) || interval < 1)
      throw new UsageError('--interval must be ≥ 1 second');
    const faultsPath = stringFlag(ctx, 'faults');
    const store = await ctx.store();
    const progress = createProgress(`simulate ${slug} (simulated hours)`);
    const report = await simulate({
      store,
      // The twin is on 127.0.0.1; everything else about the fetcher is the app's.
      fetcher: createFetcher({
        allowList: ['127.0.0.1'],
        maxBodyBytes: ctx.config.fetch.maxBodyBytes,
        headersTimeoutMs: ctx.config.fetch.timeoutSeconds * 1000,
        bodyTimeoutMs: ctx.config.fetch.timeoutSeconds * 1000,
      }),
      history: await buildVendorHistory(ctx.positionals),
      providerSlug: slug,
      as,
      ...(ctx.config.page === undefined ? {} : { page: ctx.config.page }),
      intervalMs: interval * 1000,
      ...timeFlag(stringFlag(ctx, 'from'), 'from'),
      ...timeFlag(stringFlag(ctx, 'until'), 'until'),
      ...(faultsPath === undefined
        ? {}
        : { faults: parseFaultScript(JSON.parse(await readFile(faultsPath, 'utf8'))) }),
      onProgress: (now, from, until) => {
        // In simulated hours: "done/total" then reads as hours of vendor history replayed.
        progress.update(
          Math.round((now - from) / 3_600_000),
          Math.round((until - from) / 3_600_000),
        );
      },
    });
    if (boolFlag(ctx, 'json')) ctx.out(JSON.stringify(report, null, 2));
    else for (const line of reportLines(report)) ctx.out(line);
    return 0;
  },
};

function formatFlag(text: string): TwinFormat {
  if (text === 'statuspage-v2' || text === 'statuspage-feed') return text;
  throw new UsageError(`--as must be statuspage-v2 or statuspage-feed, not ${text}`);
}

function timeFlag(
  text: string | undefined,
  name: 'from' | 'until',
): { from?: number; until?: number } {
  if (text === undefined) return {};
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new UsageError(`--${name} is not a date: ${text}`);
  return { [name]: at };
}
