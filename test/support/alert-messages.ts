import type { IngestEvent, StoredEvent } from '../../src/domain/index.ts';
import { T0, makeEvent, makeIncident, makeProvider, makeUpdate } from './builders.ts';
import { buildMessage, type AlertMessage } from '../../src/alerts/message.ts';

export const PUBLIC_URL = 'https://status.example.org/';

export const stored = (event: IngestEvent, id = 7): StoredEvent => ({
  ...event,
  id,
  imported: false,
});

/** An incident with two updates and an `incident_updated` event about the first. */
export function incidentMessage(): AlertMessage {
  const incident = makeIncident({
    vendorId: 'inc/1',
    impact: 'major',
    status: 'identified',
    firstSeenAt: T0 + 30_000,
    updates: [
      makeUpdate({ vendorId: 'u1', bodyText: 'We are looking <into> it & more.', displayedAt: T0 }),
      makeUpdate({
        vendorId: 'u2',
        status: 'identified',
        bodyText: 'Found it.',
        displayedAt: T0 + 60_000,
      }),
    ],
  });
  const event = stored({
    ...makeEvent({ incidentVendorId: 'inc/1', impact: 'major', status: 'identified' }),
    kind: 'incident_updated',
    updateVendorId: 'u1',
  } as IngestEvent);
  return buildMessage({
    event,
    idempotencyKey: 'swd_key',
    provider: makeProvider(),
    incident,
    publicUrl: PUBLIC_URL,
  });
}

export function componentMessage(): AlertMessage {
  const event = stored({
    kind: 'component_status_changed',
    idempotencyKey: 'c',
    providerSlug: 'acme',
    componentVendorId: 'cmp-api',
    componentName: 'API',
    from: 'operational',
    to: 'partial_outage',
    occurredAt: T0,
    detectedAt: T0 + 5_000,
  });
  return buildMessage({
    event,
    idempotencyKey: 'swd_c',
    provider: makeProvider(),
    incident: null,
    publicUrl: PUBLIC_URL,
  });
}

export function sourceMessage(): AlertMessage {
  const event = stored({
    kind: 'source_failed',
    idempotencyKey: 'f',
    providerSlug: 'acme',
    errorKind: 'timeout',
    message: 'timeout: no answer',
    occurredAt: T0,
    detectedAt: T0,
  });
  return buildMessage({
    event,
    idempotencyKey: 'swd_f',
    provider: null,
    incident: null,
    publicUrl: PUBLIC_URL,
  });
}
