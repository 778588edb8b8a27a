/**
 * An incident lifecycle for the alert end-to-end test, served in the three views a Statuspage
 * page has, with the real rules of each (checked against the captures named below):
 * - `summary.json` lists unresolved incidents and scheduled maintenances only
 *   (github__summary-2026-07-31.json; personio__summary-2024-01-31.json beside its incidents.json);
 * - `incidents.json` lists incidents, resolved ones included, and no maintenances
 *   (github__incidents-2026-07-31.json, jira__incidents-2023-09-01.json);
 * - `incidents/<code>.json` is `{ page, incident }` (github__incident-gqx5l06jjxhp.json);
 * - a postmortem arrives days later as an update with status "postmortem", `display_at: null`
 *   (box__incidents-2024-01-31-first3.json; jira's three), never as `postmortem_body`.
 * The real GitHub summary's components are kept, with two groups added ("Core" holds API
 * Requests, "Edge" holds Pages). The incidents themselves are an INVENTED scenario:
 *
 * 0. baseline: all operational; a Statuspage sample incident (template) and an old resolved
 *    incident (backfilled on first sight). Neither may ever alert.
 * 1. "API errors" (major, API Requests) opens; API Requests partial outage; the sample changes.
 * 2. it is identified; "Pages slow" (minor, Pages) opens, Pages degraded; a maintenance is
 *    scheduled.
 * 3. API errors monitoring; Pages slow resolved (it leaves summary.json), Pages operational.
 * 4. API errors resolved (it leaves summary.json); API Requests operational.
 * 5. API errors gets its postmortem, in incidents.json and incidents/<code>.json only.
 */
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const REAL = JSON.parse(
  readFileSync(
    new URL('./fixtures/vendors/statuspage-v2/github__summary.json', import.meta.url),
    'utf8',
  ),
) as { page: Json; components: Json[] };

export const API = 'brv1bkgrwx7q';
export const PAGES = 'vg70hn9s2tyj';
export const API_INCIDENT = 'apierr00001';
export const PAGES_INCIDENT = 'pagesslow01';
export const MAINTENANCE = 'maint000001';

/** What the vendor serves at one step, per path. */
export interface LifecycleViews {
  summary: string;
  incidents: string;
  /** `incidents/<code>.json` by code. */
  single: Map<string, string>;
}

export function lifecycleViews(start: number): LifecycleViews[] {
  return [0, 1, 2, 3, 4, 5].map((step) => views(step, start));
}

// --- internal ---

function views(step: number, start: number): LifecycleViews {
  const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString();
  const apiStatus = step >= 1 && step <= 3 ? 'partial_outage' : 'operational';
  const pagesStatus = step === 2 ? 'degraded_performance' : 'operational';
  const all: Json[] = [sample(step, at), oldOutage(at)];
  if (step >= 1) all.push(apiIncident(step, at));
  if (step >= 2) all.push(pagesIncident(step, at));
  const pageInfo = { ...REAL.page, updated_at: at(step) };
  const closed = new Set(['resolved', 'postmortem', 'completed']);
  const summary = {
    page: pageInfo,
    components: components(apiStatus, pagesStatus),
    incidents: all.filter((i) => !closed.has(String(i.status))),
    scheduled_maintenances: step >= 2 ? [maintenance(at)] : [],
    status: { indicator: step >= 1 && step <= 3 ? 'minor' : 'none', description: 'scripted' },
  };
  return {
    summary: JSON.stringify(summary),
    incidents: JSON.stringify({ page: pageInfo, incidents: all }),
    single: new Map(
      all.map((i) => [String(i.id), JSON.stringify({ page: pageInfo, incident: i })]),
    ),
  };
}

function components(api: string, pages: string): Json[] {
  const groups = [
    {
      id: 'grpcore0001',
      name: 'Core',
      status: 'operational',
      group: true,
      group_id: null,
      position: 90,
    },
    {
      id: 'grpedge0001',
      name: 'Edge',
      status: 'operational',
      group: true,
      group_id: null,
      position: 91,
    },
  ];
  const real = REAL.components.map((c) => {
    if (c.id === API) return { ...c, status: api, group_id: 'grpcore0001' };
    if (c.id === PAGES) return { ...c, status: pages, group_id: 'grpedge0001' };
    return { ...c, status: 'operational' };
  });
  return [...real, ...groups];
}

function update(
  id: string,
  status: string,
  body: string,
  when: string,
  affected: Json[] = [],
): Json {
  return {
    id,
    status,
    body,
    created_at: when,
    updated_at: when,
    display_at: when,
    affected_components: affected,
  };
}

function affected(code: string, name: string, from: string, to: string): Json {
  return { code, name, old_status: from, new_status: to };
}

function apiIncident(step: number, at: (m: number) => string): Json {
  const words = ['investigating', 'identified', 'monitoring', 'resolved'];
  const bodies = [
    'We are investigating elevated error rates on API requests.',
    'The cause has been identified: a bad configuration push.',
    'A fix has been deployed and we are monitoring the results.',
    'This incident has been resolved.',
  ];
  const count = Math.min(step, 4);
  const updates = words
    .slice(0, count)
    .map((status, i) =>
      update(
        `apiupd${i}`,
        status,
        bodies[i] ?? '',
        at(i + 1),
        i === 0 ? [affected(API, 'API Requests', 'operational', 'partial_outage')] : [],
      ),
    );
  if (step >= 5) {
    // Posted days later, shown by its creation time: display_at is null (Box, Jira).
    updates.push({
      ...update('apiupd4', 'postmortem', 'Root cause: a configuration push.', at(5)),
      display_at: null,
    });
  }
  const status = step >= 5 ? 'postmortem' : (words[count - 1] ?? 'investigating');
  return {
    id: API_INCIDENT,
    name: 'API errors',
    status,
    impact: 'major',
    created_at: at(1),
    updated_at: at(count),
    started_at: at(1),
    monitoring_at: count >= 3 ? at(3) : null,
    resolved_at: count >= 4 ? at(4) : null,
    shortlink: 'https://stspg.io/apierr',
    components: [{ id: API, name: 'API Requests', status: 'partial_outage' }],
    incident_updates: updates.reverse(),
  };
}

function pagesIncident(step: number, at: (m: number) => string): Json {
  const updates = [
    update('pgupd0', 'investigating', 'Pages builds are slow.', at(2), [
      affected(PAGES, 'Pages', 'operational', 'degraded_performance'),
    ]),
  ];
  if (step >= 3)
    updates.push(update('pgupd1', 'resolved', 'Pages builds are back to normal.', at(3)));
  return {
    id: PAGES_INCIDENT,
    name: 'Pages slow',
    status: step >= 3 ? 'resolved' : 'investigating',
    impact: 'minor',
    created_at: at(2),
    updated_at: at(step),
    started_at: at(2),
    resolved_at: step >= 3 ? at(3) : null,
    components: [{ id: PAGES, name: 'Pages', status: 'degraded_performance' }],
    incident_updates: updates.reverse(),
  };
}

function sample(step: number, at: (m: number) => string): Json {
  const updates = [
    update('sample0', 'investigating', 'This is an example incident update.', at(-60)),
  ];
  if (step >= 1)
    updates.push(update('sample1', 'identified', 'This is an example incident update.', at(1)));
  return {
    id: 'sampleinc01',
    name: 'This is an example incident',
    status: step >= 1 ? 'identified' : 'investigating',
    impact: 'critical',
    created_at: at(-60),
    updated_at: at(step),
    components: [],
    incident_updates: updates.reverse(),
  };
}

function oldOutage(at: (m: number) => string): Json {
  return {
    id: 'oldoutage01',
    name: 'Old outage',
    status: 'resolved',
    impact: 'critical',
    created_at: at(-600),
    updated_at: at(-500),
    resolved_at: at(-500),
    components: [{ id: API, name: 'API Requests', status: 'major_outage' }],
    incident_updates: [
      update('old1', 'resolved', 'It is over.', at(-500)),
      update('old0', 'investigating', 'API is down.', at(-600), [
        affected(API, 'API Requests', 'operational', 'major_outage'),
      ]),
    ],
  };
}

function maintenance(at: (m: number) => string): Json {
  return {
    id: MAINTENANCE,
    name: 'Database upgrade',
    status: 'scheduled',
    impact: 'maintenance',
    created_at: at(2),
    updated_at: at(2),
    scheduled_for: at(600),
    scheduled_until: at(660),
    components: [{ id: API, name: 'API Requests', status: 'operational' }],
    incident_updates: [update('mupd0', 'scheduled', 'We will upgrade the database.', at(2))],
  };
}
