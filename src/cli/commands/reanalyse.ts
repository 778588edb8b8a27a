import { analyseIncident } from '../../analysis/index.ts';
import { ANALYSIS_VERSION } from '../../domain/index.ts';
import type { Command } from '../command.ts';

/** Incidents analysed per transaction: small enough to stop promptly on Ctrl-C. */
const BATCH = 200;

export const reanalyseCommand: Command = {
  name: 'reanalyse',
  summary:
    "Read stored incidents' text again: every incident not analysed yet, or analysed by an older version",
  usage: 'reanalyse',
  async run(ctx) {
    const store = await ctx.store();
    let done = 0;
    let windows = 0;
    let lastKey = '';
    while (!ctx.signal.aborted) {
      const incidents = await store.listIncidentsToAnalyse(ANALYSIS_VERSION, BATCH);
      const first = incidents[0];
      // A batch that comes back unchanged was not saved (deleted meanwhile): do not spin.
      if (first === undefined || `${first.providerSlug}\n${first.vendorId}` === lastKey) break;
      lastKey = `${first.providerSlug}\n${first.vendorId}`;
      const items = incidents.map((i) => ({
        providerSlug: i.providerSlug,
        vendorId: i.vendorId,
        analysis: analyseIncident(i),
      }));
      await store.saveIncidentAnalyses(items);
      done += items.length;
      windows += items.filter((x) => x.analysis.impactStartedAt !== null).length;
    }
    ctx.out(
      `reanalysed ${done} incident${done === 1 ? '' : 's'} (analysis version ${ANALYSIS_VERSION}): ` +
        `${windows} with an impact start in the vendor's words`,
    );
    return ctx.signal.aborted ? 1 : 0;
  },
};
