import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A scripted incident lifecycle built from a real captured GitHub incident
 * (test/fixtures/vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json): the first k of its real
 * updates, with statuses rewritten to walk investigating → identified → monitoring → resolved,
 * then a postmortem update. Each step is an `incidents.json` payload, as Statuspage serves it.
 */
const FIXTURE = fileURLToPath(
  new URL('./fixtures/vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json', import.meta.url),
);

type Json = Record<string, unknown>;

export const LIFECYCLE_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;

export interface LifecycleStep {
  body: string;
  status: string;
  updateCount: number;
}

export function lifecycleSteps(): LifecycleStep[] {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { page: Json; incident: Json };
  const real = [...(doc.incident.incident_updates as Json[])].reverse(); // oldest first
  const picked = [real[0], real[2], real[4], real.at(-1)] as Json[];
  const steps: LifecycleStep[] = [];
  for (let k = 1; k <= LIFECYCLE_STATUSES.length; k++) {
    const updates: Json[] = picked
      .slice(0, k)
      .map((u, i) => ({ ...u, status: LIFECYCLE_STATUSES[i] }));
    const status = LIFECYCLE_STATUSES[k - 1] ?? 'investigating';
    const last = updates.at(-1) as Json;
    const incident = {
      ...doc.incident,
      status,
      monitoring_at: k >= 3 ? (updates[2]?.created_at ?? null) : null,
      resolved_at: status === 'resolved' ? last.created_at : null,
      incident_updates: [...updates].reverse(),
    };
    steps.push({
      body: JSON.stringify({ page: doc.page, incidents: [incident] }),
      status,
      updateCount: k,
    });
  }
  const final = JSON.parse(steps.at(-1)?.body ?? '{}') as { page: Json; incidents: Json[] };
  const resolved = final.incidents[0] ?? {};
  // INVENTED VARIATION: GitHub writes this root cause into the resolved update itself (the body
  // of real update 18krpgp3f309). Here it also arrives a day later as a postmortem, in the shape
  // Statuspage's public API gives one (box__incidents-2024-01-31-first3.json and the three in
  // jira__incidents-2023-09-01.json): an update with status "postmortem", display_at null.
  const postmortem = {
    ...(real.at(-1) ?? {}),
    id: 'pm0gqx5l06jj',
    status: 'postmortem',
    display_at: null,
    created_at: '2023-06-30T18:00:00.000Z',
    updated_at: '2023-06-30T18:00:00.000Z',
    affected_components: null,
  };
  const withPostmortem = {
    ...resolved,
    status: 'postmortem',
    incident_updates: [postmortem, ...((resolved.incident_updates as Json[] | undefined) ?? [])],
  };
  steps.push({
    body: JSON.stringify({ page: final.page, incidents: [withPostmortem] }),
    status: 'postmortem',
    updateCount: LIFECYCLE_STATUSES.length + 1,
  });
  return steps;
}

export const LIFECYCLE_INCIDENT_ID = 'gqx5l06jjxhp';
