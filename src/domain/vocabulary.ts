/**
 * Closed vocabularies. Each is an `as const` array so that the type, the runtime check and the
 * list a UI renders come from one place. Incident and maintenance status are separate words.
 */

export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Impact = (typeof IMPACTS)[number];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export type AnyIncidentStatus = IncidentStatus | MaintenanceStatus;

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_KINDS = ['incident', 'maintenance'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const SOURCE_FORMATS = [
  'statuspage-v2',
  'statuspage-feed',
  'incidentio',
  'gcp',
  'aws',
  'statuspage-html',
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Overall provider status: component words plus the states only we can know. */
export const PROVIDER_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'unknown',
] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Severity order used to sort "worst first" and to pick the worst of several statuses. */
export const COMPONENT_STATUS_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const IMPACT_SEVERITY: Record<Impact, number> = {
  none: 0,
  maintenance: 1,
  minor: 2,
  major: 3,
  critical: 4,
};

export function isClosedStatus(status: AnyIncidentStatus): boolean {
  return status === 'resolved' || status === 'postmortem' || status === 'completed';
}
