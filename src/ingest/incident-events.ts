import {
  eventKey,
  isClosedStatus,
  type AnyIncidentStatus,
  type EpochMs,
  type IncidentUpdate,
  type IngestEvent,
  type StoredIncident,
} from '../domain/index.ts';

/**
 * The events one incident produced between two stored versions: one per new vendor update,
 * so that a subscriber hears each update exactly once. Template incidents produce none, and
 * backfilled ones (history, not news) only the postmortem that the vendor publishes later.
 */
export function incidentEvents(
  previous: StoredIncident | null,
  merged: StoredIncident,
  now: EpochMs,
  /** The own page: a postmortem without a publication time is a draft, announced once published. */
  unpublishedAreDrafts = false,
): IngestEvent[] {
  if (merged.isTemplate) return [];
  // A postmortem posted days after an incident we backfilled is news all the same.
  if (merged.backfilled && previous === null) return [];
  const events = merged.backfilled
    ? []
    : previous === null
      ? [discoveryEvent(merged, now)]
      : updateEvents(previous, merged, now);
  const shown = (p: StoredIncident['postmortem'] | undefined): p is NonNullable<typeof p> =>
    p != null && (!unpublishedAreDrafts || p.publishedAt !== null);
  if (!shown(previous?.postmortem) && shown(merged.postmortem)) {
    events.push({
      ...incidentFields(merged, now, merged.postmortem.publishedAt),
      kind: 'postmortem_published',
      idempotencyKey: eventKey([
        merged.providerSlug,
        merged.vendorId,
        'postmortem',
        'postmortem_published',
      ]),
    });
  }
  return events;
}

// --- internal ---

/** A new incident is announced once, in its current state, whatever history it arrives with. */
function discoveryEvent(incident: StoredIncident, now: EpochMs): IngestEvent {
  const latest = incident.updates.at(-1) ?? null;
  const base = incidentFields(incident, now, latest?.displayedAt ?? incident.startedAt);
  const updateVendorId = latest?.vendorId ?? null;
  const kind = discoveryKind(incident);
  return {
    ...base,
    kind,
    updateVendorId,
    idempotencyKey: eventKey([incident.providerSlug, incident.vendorId, updateVendorId, kind]),
  };
}

function discoveryKind(
  incident: StoredIncident,
):
  | 'incident_opened'
  | 'maintenance_scheduled'
  | 'maintenance_started'
  | 'maintenance_completed'
  | 'incident_resolved' {
  if (incident.kind === 'maintenance') {
    if (incident.status === 'completed') return 'maintenance_completed';
    if (incident.status === 'in_progress' || incident.status === 'verifying')
      return 'maintenance_started';
    return 'maintenance_scheduled';
  }
  return isClosedStatus(incident.status) ? 'incident_resolved' : 'incident_opened';
}

function updateEvents(
  previous: StoredIncident,
  merged: StoredIncident,
  now: EpochMs,
): IngestEvent[] {
  const known = new Set(previous.updates.map((u) => u.vendorId));
  let status: AnyIncidentStatus = previous.updates.at(-1)?.status ?? previous.status;
  const events: IngestEvent[] = [];
  for (const update of merged.updates) {
    if (known.has(update.vendorId)) continue;
    const event = eventForUpdate(merged, update, status, now);
    if (event !== null) events.push(event);
    status = update.status;
  }
  // A status change with no update behind it (JSON pages can change status silently).
  const lastUpdateStatus = merged.updates.at(-1)?.status ?? status;
  // A move to "postmortem" is announced by postmortem_published, not twice.
  const silentChange =
    merged.status !== previous.status &&
    merged.status !== lastUpdateStatus &&
    merged.status !== 'postmortem';
  if (events.length === 0 && silentChange) {
    events.push(statusChange(merged, previous.status, null, now, merged.resolvedAt));
  }
  return events;
}

function eventForUpdate(
  incident: StoredIncident,
  update: IncidentUpdate,
  before: AnyIncidentStatus,
  now: EpochMs,
): IngestEvent | null {
  // The postmortem has its own event, keyed so that JSON and feed sources agree.
  if (update.status === 'postmortem') return null;
  if (update.status === before) {
    const base = incidentFields(incident, now, update.displayedAt ?? update.createdAt);
    return {
      ...base,
      kind: 'incident_updated',
      updateVendorId: update.vendorId,
      idempotencyKey: eventKey([
        incident.providerSlug,
        incident.vendorId,
        update.vendorId,
        'incident_updated',
      ]),
    };
  }
  return statusChange(
    incident,
    before,
    update.vendorId,
    now,
    update.displayedAt ?? update.createdAt,
  );
}

function statusChange(
  incident: StoredIncident,
  from: AnyIncidentStatus,
  updateVendorId: string | null,
  now: EpochMs,
  occurredAt: EpochMs | null,
): IngestEvent {
  const to = incident.updates.find((u) => u.vendorId === updateVendorId)?.status ?? incident.status;
  const base = { ...incidentFields(incident, now, occurredAt), status: to, updateVendorId };
  const key = (kind: string): string =>
    eventKey([
      incident.providerSlug,
      incident.vendorId,
      updateVendorId ?? silentChangeId(incident, to),
      kind,
    ]);
  if (to === 'in_progress')
    return { ...base, kind: 'maintenance_started', idempotencyKey: key('maintenance_started') };
  if (to === 'completed')
    return { ...base, kind: 'maintenance_completed', idempotencyKey: key('maintenance_completed') };
  if (to === 'resolved')
    return { ...base, kind: 'incident_resolved', idempotencyKey: key('incident_resolved') };
  if (isClosedStatus(from) && !isClosedStatus(to)) {
    return { ...base, kind: 'incident_reopened', idempotencyKey: key('incident_reopened') };
  }
  return {
    ...base,
    kind: 'incident_status_changed',
    from,
    idempotencyKey: key('incident_status_changed'),
  };
}

/**
 * A status change with no update behind it is keyed by the state it reached, including the
 * vendor's times, so that resolve → reopen → resolve gives two distinct "resolved" events.
 */
function silentChangeId(incident: StoredIncident, to: AnyIncidentStatus): string {
  const at = incident.resolvedAt ?? incident.monitoringAt ?? incident.updates.length;
  return `status-${to}-${at}`;
}

function incidentFields(incident: StoredIncident, now: EpochMs, occurredAt: EpochMs | null) {
  return {
    providerSlug: incident.providerSlug,
    incidentVendorId: incident.vendorId,
    title: incident.title,
    impact: incident.impact,
    status: incident.status,
    occurredAt,
    detectedAt: now,
  };
}
