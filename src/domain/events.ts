import type { EpochMs } from './model.ts';
import type { AnyIncidentStatus, ComponentStatus, Impact, ProviderStatus } from './vocabulary.ts';

export const EVENT_KINDS = [
  'provider_status_changed',
  'component_status_changed',
  'incident_opened',
  'incident_updated',
  'incident_status_changed',
  'incident_resolved',
  'incident_reopened',
  'maintenance_scheduled',
  'maintenance_started',
  'maintenance_completed',
  'postmortem_published',
  'source_failed',
  'source_recovered',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

interface EventBase {
  /** Stable across re-ingestion of the same facts; the store keeps one row per key. */
  idempotencyKey: string;
  providerSlug: string;
  /** When the vendor says it happened, when known. */
  occurredAt: EpochMs | null;
  /** When we noticed it (the poll's `now`). */
  detectedAt: EpochMs;
}

interface IncidentEventBase extends EventBase {
  incidentVendorId: string;
  title: string;
  impact: Impact | null;
  status: AnyIncidentStatus;
}

export type IngestEvent =
  | (EventBase & { kind: 'provider_status_changed'; from: ProviderStatus; to: ProviderStatus })
  | (EventBase & {
      kind: 'component_status_changed';
      componentVendorId: string;
      componentName: string;
      from: ComponentStatus | null;
      to: ComponentStatus;
    })
  | (IncidentEventBase & {
      kind: 'incident_opened' | 'maintenance_scheduled';
      updateVendorId: string | null;
    })
  | (IncidentEventBase & { kind: 'incident_updated'; updateVendorId: string })
  | (IncidentEventBase & {
      kind: 'incident_status_changed';
      from: AnyIncidentStatus;
      updateVendorId: string | null;
    })
  | (IncidentEventBase & {
      kind:
        'incident_resolved' | 'incident_reopened' | 'maintenance_started' | 'maintenance_completed';
      updateVendorId: string | null;
    })
  | (IncidentEventBase & { kind: 'postmortem_published' })
  | (EventBase & { kind: 'source_failed'; errorKind: string; message: string })
  | (EventBase & { kind: 'source_recovered'; failures: number });

/** An event as stored: with its sequence number and whether it came from an import. */
export type StoredEvent = IngestEvent & { id: number; imported: boolean };

export function eventKey(parts: (string | number | null)[]): string {
  return parts.map((p) => (p === null ? '-' : String(p))).join(':');
}
