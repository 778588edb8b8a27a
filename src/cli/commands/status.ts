import { isStale, toReadableJson } from '../../domain/index.ts';
import { boolFlag, type Command } from '../command.ts';
import { table } from './list.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Source health per provider: last success, last error, consecutive failures',
  usage: 'status [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const store = await ctx.store();
    const records = await store.listProviders();
    if (boolFlag(ctx, 'json')) {
      const rows = records.map((r) => ({
        slug: r.provider.slug,
        status: r.status,
        ...r.source.health,
      }));
      ctx.out(JSON.stringify(toReadableJson(rows), null, 2));
      return 0;
    }
    const now = Date.now();
    const rows = records.map((r) => {
      const h = r.source.health;
      const health =
        h.consecutiveFailures > 0
          ? `failing: ${h.lastErrorKind ?? 'error'}`
          : h.lastSuccessAt === null
            ? 'not polled yet'
            : isStale(h, r.provider.poll.intervalMs, now)
              ? 'stale'
              : 'ok';
      return [
        r.provider.slug,
        health,
        h.consecutiveFailures > 0 ? 'unknown' : r.status,
        when(h.lastSuccessAt),
        String(h.consecutiveFailures),
        h.lastErrorMessage ?? '',
      ];
    });
    ctx.out(
      table(['SLUG', 'HEALTH', 'STATUS', 'LAST SUCCESS (UTC)', 'FAILURES', 'LAST ERROR'], rows),
    );
    return 0;
  },
};

function when(t: number | null): string {
  return t === null ? '-' : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
