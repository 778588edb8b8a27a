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

interface Recording {
  summary: Json;
  incident: Json;
  /** Oldest first. */
  updates: Json[];
  startedAt: number;
  stepMs: number;
  cycleMs: number;
}

export function demoLifecycle(
  fixturesDir: URL,
  startedAt: number,
  stepMs = 20_000,
  quietMs = 60_000,
): DemoLifecycle {
  const summary = readJson(new URL('vendors/statuspage-v2/github__summary.json', fixturesDir));
  const single = readJson(
    new URL('vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json', fixturesDir),
  );
  const incident = single.incident as Json;
  const updates = [...(incident.incident_updates as Json[])].reverse();
  const rec: Recording = {
    summary,
    incident,
    updates,
    startedAt,
    stepMs,
    cycleMs: updates.length * stepMs + quietMs,
  };
  return {
    summaryAt(now) {
      const { cycle, shown } = positionAt(rec, now);
      const open = shown < updates.length;
      return JSON.stringify({
        ...summary,
        page: { ...(summary.page as Json), updated_at: new Date(now).toISOString() },
        components: componentsAt(rec, open ? shown : 0),
        incidents: open ? [incidentOf(rec, cycle, shown)] : [],
        scheduled_maintenances: [],
        status: open
          ? { indicator: 'critical', description: 'Major Service Outage' }
          : { indicator: 'none', description: 'All Systems Operational' },
      });
    },
    incidentAt(id, now) {
      const cycle = Number(/-(\d+)$/.exec(id)?.[1] ?? NaN) - 1;
      const current = positionAt(rec, now);
      if (!Number.isInteger(cycle) || cycle < 0 || cycle > current.cycle) return null;
      const shown = cycle < current.cycle ? updates.length : current.shown;
      return JSON.stringify({ page: summary.page, incident: incidentOf(rec, cycle, shown) });
    },
  };
}

// --- internal ---

/** Which cycle `now` falls in, and how many of its updates are out by then. */
function positionAt(rec: Recording, now: number): { cycle: number; shown: number } {
  const elapsed = Math.max(0, now - rec.startedAt);
  const cycle = Math.floor(elapsed / rec.cycleMs);
  const within = elapsed - cycle * rec.cycleMs;
  return { cycle, shown: Math.min(rec.updates.length, Math.floor(within / rec.stepMs) + 1) };
}

function idOf(rec: Recording, cycle: number): string {
  return `${String(rec.incident.id)}-${cycle + 1}`;
}

/** The incident of `cycle` with its first `shown` updates, times moved into the cycle. */
function incidentOf(rec: Recording, cycle: number, shown: number): Json {
  const begin = rec.startedAt + cycle * rec.cycleMs;
  const at = (k: number) => new Date(begin + k * rec.stepMs).toISOString();
  const visible = rec.updates.slice(0, shown).map((u, k) => ({
    ...u,
    id: `${String(u.id)}-${cycle + 1}`,
    incident_id: idOf(rec, cycle),
    created_at: at(k),
    updated_at: at(k),
    display_at: at(k),
  }));
  const resolved = shown === rec.updates.length;
  return {
    ...rec.incident,
    id: idOf(rec, cycle),
    shortlink: null,
    status: rec.updates[shown - 1]?.status ?? 'investigating',
    created_at: at(0),
    started_at: at(0),
    updated_at: at(shown - 1),
    monitoring_at: null,
    resolved_at: resolved ? at(shown - 1) : null,
    incident_updates: [...visible].reverse(),
  };
}

/** The summary's components, each at the status the shown updates last gave it. */
function componentsAt(rec: Recording, shown: number): Json[] {
  const status = new Map<string, string>();
  for (const u of rec.updates.slice(0, shown)) {
    for (const c of (u.affected_components as Json[] | undefined) ?? []) {
      status.set(String(c.code), String(c.new_status));
    }
  }
  return (rec.summary.components as Json[]).map((c) => ({
    ...c,
    status: status.get(String(c.id)) ?? 'operational',
  }));
}

function readJson(url: URL): Json {
  return JSON.parse(readFileSync(url, 'utf8')) as Json;
}
