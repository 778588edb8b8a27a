import { StatuswatchError, type Component, type Incident } from '../domain/index.ts';
import {
  maintenanceStepSchema,
  parseAction,
  scheduleMaintenanceSchema,
  type MaintenanceStep,
  type ScheduleMaintenance,
} from './actions.ts';
import {
  changeComponents,
  newUpdate,
  requireKind,
  withComponents,
  type AuthorContext,
  type Authored,
} from './authored-state.ts';

/**
 * The maintenance half of authoring, pure: schedule, start (components under maintenance),
 * complete (components operational again). Impact is "maintenance", as Statuspage's is.
 */

export function scheduleMaintenance(
  components: readonly Component[],
  input: ScheduleMaintenance,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(scheduleMaintenanceSchema, input, 'schedule maintenance');
  // Validates the ids; statuses change only when the work starts.
  const named = changeComponents(
    components,
    Object.fromEntries(a.components.map((id) => [id, 'operational' as const])),
  );
  const affected = named.affected.map((c) => ({ ...c, oldStatus: null, newStatus: null }));
  const code = ctx.newCode();
  const url = `${ctx.pageUrl}/incidents/${code}`;
  const incident: Incident = {
    vendorId: code,
    title: a.title,
    kind: 'maintenance',
    impact: 'maintenance',
    status: 'scheduled',
    createdAt: ctx.at,
    startedAt: ctx.at,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: a.scheduledFor,
    scheduledUntil: a.scheduledUntil,
    url,
    shortlink: url,
    components: [],
    updates: [newUpdate(ctx, 'scheduled', a.body, [])],
    postmortem: null,
    isTemplate: false,
  };
  return {
    components: [...components],
    incident: { ...incident, components: withComponents(incident, affected) },
  };
}

export function startMaintenance(
  components: readonly Component[],
  maintenance: Incident,
  input: MaintenanceStep,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(maintenanceStepSchema, input, 'start maintenance');
  requireKind(maintenance, 'maintenance', 'start maintenance');
  if (maintenance.status !== 'scheduled')
    throw new StatuswatchError(
      'conflict',
      `start maintenance: ${maintenance.vendorId} is ${maintenance.status}, not scheduled`,
    );
  return step(
    components,
    maintenance,
    'under_maintenance',
    'in_progress',
    a.body ?? 'Scheduled maintenance is currently in progress.',
    ctx,
  );
}

export function completeMaintenance(
  components: readonly Component[],
  maintenance: Incident,
  input: MaintenanceStep,
  ctx: AuthorContext,
): Authored {
  const a = parseAction(maintenanceStepSchema, input, 'complete maintenance');
  requireKind(maintenance, 'maintenance', 'complete maintenance');
  if (maintenance.status === 'completed')
    throw new StatuswatchError(
      'conflict',
      `complete maintenance: ${maintenance.vendorId} is already completed`,
    );
  const done = step(
    components,
    maintenance,
    'operational',
    'completed',
    a.body ?? 'The scheduled maintenance has been completed.',
    ctx,
  );
  return { ...done, incident: { ...done.incident, resolvedAt: ctx.at } };
}

// --- internal ---

/** One step of a maintenance: every component it names goes to `componentStatus`. */
function step(
  components: readonly Component[],
  maintenance: Incident,
  componentStatus: Component['status'],
  status: 'in_progress' | 'completed',
  body: string,
  ctx: AuthorContext,
): Authored {
  const changes = Object.fromEntries(
    maintenance.components.flatMap((c) =>
      c.vendorId === null ? [] : [[c.vendorId, componentStatus]],
    ),
  );
  const changed = changeComponents(components, changes);
  return {
    components: changed.components,
    incident: {
      ...maintenance,
      status,
      updates: [...maintenance.updates, newUpdate(ctx, status, body, changed.affected)],
    },
  };
}
