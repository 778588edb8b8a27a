import type { AlertKind, EventKind } from '../domain/index.ts';

const KIND_OF_EVENT: Record<EventKind, AlertKind | null> = {
  incident_opened: 'opened',
  incident_updated: 'updated',
  incident_status_changed: 'updated',
  // A reopened incident is one more update to an incident the subscriber already heard of.
  incident_reopened: 'updated',
  incident_resolved: 'resolved',
  maintenance_scheduled: 'maintenance',
  maintenance_started: 'maintenance',
  maintenance_completed: 'maintenance',
  component_status_changed: 'component_changes',
  postmortem_published: 'postmortem_published',
  // Whoever wants to hear that a page cannot be read also wants to hear that it can again.
  source_failed: 'source_failing',
  source_recovered: 'source_failing',
  // Derived from components and incidents, which already alert: a second message is noise.
  provider_status_changed: null,
};

export function alertKindOf(kind: EventKind): AlertKind | null {
  return KIND_OF_EVENT[kind];
}
