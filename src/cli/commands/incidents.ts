import { StatuswatchError, summarizeIncident } from '../../domain/index.ts';
import { parseTimeFlag } from '../_time-flags.ts';
import { UsageError, boolFlag, stringFlag, type Command } from '../command.ts';
import { table } from './list.ts';

export const incidentsCommand: Command = {
  name: 'incidents',
  summary: "List a provider's incidents and maintenances (--json: stable schema v1)",
  usage: 'incidents --provider <slug> [--since DATE] [--until DATE] [--json]',
  options: {
    provider: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const slug = stringFlag(ctx, 'provider');
    if (slug === undefined) throw new UsageError('missing --provider <slug>');
    const since = parseTimeFlag('since', stringFlag(ctx, 'since'));
    const until = parseTimeFlag('until', stringFlag(ctx, 'until'));
    const store = await ctx.store();
    if ((await store.getProvider(slug)) === null)
      throw new StatuswatchError('not_found', `no provider with slug "${slug}"`);
    const incidents = await store.listIncidents({
      providerSlug: slug,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
    });
    const analyses = await store.getIncidentAnalyses(incidents);
    const summaries = incidents.map((i) =>
      summarizeIncident(i, analyses.get(`${i.providerSlug}\n${i.vendorId}`) ?? null),
    );
    if (boolFlag(ctx, 'json')) {
      ctx.out(
        JSON.stringify(
          { schema: 'statuswatch.incidents.v1', provider: slug, incidents: summaries },
          null,
          2,
        ),
      );
      return 0;
    }
    const rows = summaries.map((s) => [
      s.id,
      s.kind === 'maintenance' ? 'maint' : 'incident',
      s.impact ?? '-',
      (s.started_at ?? '-').slice(0, 16).replace('T', ' '),
      s.resolved_at?.slice(0, 16).replace('T', ' ') ??
        (s.duration_anomaly === 'missing_end' ? 'not given' : '-'),
      s.duration_minutes === null ? (s.duration_anomaly ?? 'open') : `${s.duration_minutes}m`,
      String(s.update_count),
      s.first_seen_at.slice(0, 16).replace('T', ' '),
      s.title,
    ]);
    ctx.out(
      table(
        [
          'ID',
          'KIND',
          'IMPACT',
          'STARTED',
          'RESOLVED',
          'DURATION',
          'UPDATES',
          'FIRST SEEN',
          'TITLE',
        ],
        rows,
      ),
    );
    ctx.out(`${summaries.length} incidents (times UTC)`);
    const noEnd = summaries.filter((s) => s.duration_anomaly === 'missing_end').length;
    if (noEnd > 0) ctx.out(`missing_end (${noEnd}): resolved, end not given by the vendor`);
    return 0;
  },
};
