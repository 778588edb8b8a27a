import { readFileSync } from 'node:fs';

/**
 * The demo's live-looking GitHub: the real components of `github__summary.json` and the real
 * updates of incident gqx5l06jjxhp (an 8-update critical outage), replayed in a loop with
 * times moved to "now": one update every `stepMs`, then a quiet spell, then the next cycle under
 * a new id. Component statuses follow each update's recorded `affected_components`.
 */
type Json = Record<string, unknown>;

export interface DemoLifecycle {
  /** `summary.json` as GitHub would serve it at `now`. */
  summaryAt(now: number): string;
  /** `incidents/{id}.json` for any cycle that has started by `now`, else null. */
  incidentAt(id: string, now: number): string | null;
}

export function demoLifecycle(fixturesDir: URL, startedAt: number, stepMs = 20_000, quietMs = 60_000): DemoLifecycle {
  const summary = readJson(new URL('vendors/statuspage-v2/github__summary.json', fixturesDir));
  const single = readJson(new URL('vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json', fixturesDir));
  const incident = single.incident as Json;
  const updates = [...(incident.incident_updates as Json[])].reverse(); // oldest first
  const cycleMs = updates.length * stepMs + quietMs;
  const cycleOf = (now: number) => Math.floor(Math.max(0, now - startedAt) / cycleMs);
  const idOf = (cycle: number) => `${String(incident.id)}-${cycle + 1}`;

  /** The incident of `cycle` with its first `shown` updates, times moved into the cycle. */
  function incidentOf(cycle: number, shown: number): Json {
    const begin = startedAt + cycle * cycleMs;
    const at = (k: number) => new Date(begin + k * stepMs).toISOString();
    const visible = updates.slice(0, shown).map((u, k) => ({
      ...u, id: `${String(u.id)}-${cycle + 1}`, incident_id: idOf(cycle),
      created_at: at(k), updated_at: at(k), display_at: at(k),
    })); // prettier-ignore
    const resolved = shown === updates.length;
    return {
      ...incident, id: idOf(cycle), shortlink: null, status: updates[shown - 1]?.status ?? 'investigating',
      created_at: at(0), started_at: at(0), updated_at: at(shown - 1), monitoring_at: null,
      resolved_at: resolved ? at(shown - 1) : null, incident_updates: [...visible].reverse(),
    }; // prettier-ignore
  }

  function componentsAt(shown: number): Json[] {
    const status = new Map<string, string>();
    for (const u of updates.slice(0, shown)) {
      for (const c of (u.affected_components as Json[] | undefined) ?? []) {
        status.set(String(c.code), String(c.new_status));
      }
    }
    return (summary.components as Json[]).map((c) => ({ ...c, status: status.get(String(c.id)) ?? 'operational' }));
  }

  return {
    summaryAt(now) {
      const cycle = cycleOf(now);
      const within = Math.max(0, now - startedAt) - cycle * cycleMs;
      const shown = Math.min(updates.length, Math.floor(within / stepMs) + 1);
      const open = shown < updates.length;
      return JSON.stringify({
        ...summary,
        page: { ...(summary.page as Json), updated_at: new Date(now).toISOString() },
        components: componentsAt(open ? shown : 0),
        incidents: open ? [incidentOf(cycle, shown)] : [],
        scheduled_maintenances: [],
        status: open ? { indicator: 'critical', description: 'Major Service Outage' } : { indicator: 'none', description: 'All Systems Operational' },
      }); // prettier-ignore
    },
    incidentAt(id, now) {
      const cycle = Number(/-(\d+)$/.exec(id)?.[1] ?? NaN) - 1;
      if (!Number.isInteger(cycle) || cycle < 0 || cycle > cycleOf(now)) return null;
      const within = Math.max(0, now - startedAt) - cycle * cycleMs;
      const shown = Math.min(updates.length, Math.floor(within / stepMs) + 1);
      return JSON.stringify({ page: summary.page, incident: incidentOf(cycle, shown) });
    },
  };
}

function readJson(url: URL): Json {
  return JSON.parse(readFileSync(url, 'utf8')) as Json;
}
