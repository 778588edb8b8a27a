import { eventKey, type Component, type EpochMs, type IngestEvent } from '../domain/index.ts';

/**
 * One event per component whose status changed. The first component list we ever see is the
 * baseline, not news. The key includes the vendor's page time so that two pollers that saw the
 * same page write one event.
 */
export function componentEvents(
  providerSlug: string,
  previous: Component[] | null,
  current: Component[] | null,
  stamp: EpochMs,
  now: EpochMs,
): IngestEvent[] {
  if (previous === null || current === null) return [];
  const before = new Map(previous.map((c) => [c.vendorId, c.status]));
  const events: IngestEvent[] = [];
  for (const c of current) {
    const from = before.get(c.vendorId) ?? null;
    if (from === c.status || (from === null && c.status === 'operational')) continue;
    events.push({
      kind: 'component_status_changed',
      idempotencyKey: eventKey([providerSlug, 'component', c.vendorId, c.status, stamp]),
      providerSlug,
      componentVendorId: c.vendorId,
      componentName: c.name,
      from,
      to: c.status,
      occurredAt: stamp,
      detectedAt: now,
    });
  }
  return events;
}
