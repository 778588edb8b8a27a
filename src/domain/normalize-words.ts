import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  isOneOf,
  type ComponentStatus,
  type Impact,
  type IncidentKind,
  type IncidentStatus,
  type MaintenanceStatus,
} from './vocabulary.ts';

/**
 * Vendor words outside our vocabularies map to the nearest documented value, and the original
 * word is returned as `unknownWord` so callers record it as an anomaly instead of losing it.
 *
 * Nearest values (documented in README "Vocabularies"):
 * - impact: anything unrecognised → `minor` (an incident we cannot grade is still an incident).
 * - component status: `degraded` → degraded_performance, `outage`/`down` → major_outage,
 *   `partial` → partial_outage, `maintenance` → under_maintenance, other → degraded_performance.
 * - incident status: `update`/unknown → the caller's previous status, else `investigating`.
 * - maintenance status: `in progress` → in_progress, unknown → scheduled.
 */
export interface Normalized<T> {
  value: T;
  unknownWord?: string;
}

function clean(word: unknown): string {
  return typeof word === 'string'
    ? word
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : '';
}

export function normalizeImpact(word: unknown): Normalized<Impact> {
  const w = clean(word);
  if (isOneOf(IMPACTS, w)) return { value: w };
  return { value: 'minor', unknownWord: String(word) };
}

export function normalizeComponentStatus(word: unknown): Normalized<ComponentStatus> {
  const w = clean(word);
  if (isOneOf(COMPONENT_STATUSES, w)) return { value: w };
  const unknownWord = String(word);
  if (w.includes('maint')) return { value: 'under_maintenance', unknownWord };
  if (w.includes('partial')) return { value: 'partial_outage', unknownWord };
  if (w.includes('outage') || w === 'down') return { value: 'major_outage', unknownWord };
  return { value: 'degraded_performance', unknownWord };
}

export function normalizeIncidentStatus(
  word: unknown,
  previous: IncidentStatus | null,
): Normalized<IncidentStatus> {
  const w = clean(word);
  if (isOneOf(INCIDENT_STATUSES, w)) return { value: w };
  // "Update" is Statuspage's label for a message that does not change the status.
  if (w === 'update') return { value: previous ?? 'investigating' };
  return { value: previous ?? 'investigating', unknownWord: String(word) };
}

export function normalizeMaintenanceStatus(
  word: unknown,
  previous: MaintenanceStatus | null,
): Normalized<MaintenanceStatus> {
  const w = clean(word);
  if (isOneOf(MAINTENANCE_STATUSES, w)) return { value: w };
  if (w === 'update') return { value: previous ?? 'scheduled' };
  return { value: previous ?? 'scheduled', unknownWord: String(word) };
}

/** Statuspage labels that only maintenances use; any of them makes an entry a maintenance. */
export function kindOfStatusWord(word: string): IncidentKind | null {
  const w = clean(word);
  if (isOneOf(MAINTENANCE_STATUSES, w)) return 'maintenance';
  if (isOneOf(INCIDENT_STATUSES, w)) return 'incident';
  return null;
}
