import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseFaultScript } from '../../twin/twin-faults.ts';
import { startTwin } from '../../twin/twin-server.ts';
import { buildVendorHistory } from '../../twin/vendor-history.ts';
import { UsageError, stringFlag, type Command } from '../command.ts';

export const twinCommand: Command = {
  name: 'twin',
  summary: "Serve a vendor's captured history as Statuspage on 127.0.0.1, on a fast clock",
  usage: 'twin <captures…> [--port N] [--speed N] [--from ISO] [--faults file.json]',
  options: {
    port: { type: 'string' },
    speed: { type: 'string' },
    from: { type: 'string' },
    faults: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('missing capture files or folders');
    const history = await buildVendorHistory(ctx.positionals);
    const speed = numberFlag(stringFlag(ctx, 'speed') ?? '1', 'speed');
    const fromFlag = stringFlag(ctx, 'from');
    const start =
      fromFlag === undefined
        ? (history.changeTimes[0] ?? Date.now()) - 60_000
        : Date.parse(fromFlag);
    if (Number.isNaN(start)) throw new UsageError(`--from is not a date: ${fromFlag ?? ''}`);
    const faultsPath = stringFlag(ctx, 'faults');
    const faults =
      faultsPath === undefined
        ? []
        : parseFaultScript(JSON.parse(await readFile(faultsPath, 'utf8')));
    const realStart = Date.now();
    // The simulated clock runs `speed` times real time from the first captured change.
    const clock = () => start + (Date.now() - realStart) * speed;
    const twin = await startTwin({
      history,
      clock,
      faults,
      port: numberFlag(stringFlag(ctx, 'port') ?? '0', 'port'),
    });
    ctx.out(`twin of ${history.page.name} (${history.incidents.length} incidents) at ${twin.url}`);
    ctx.out(`summary: ${twin.url}/api/v2/summary.json  feed: ${twin.url}/history.atom`);
    ctx.out(`clock starts ${new Date(start).toISOString()}, ${speed}x real time`);
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    await twin.close();
    return 0;
  },
};

function numberFlag(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return n;
}
